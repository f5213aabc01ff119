package io.zoomqos.collector.polling;

import io.zoomqos.collector.live.AlertPayload;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.QualityProperties;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which thresholds a participant-minute crossed: at most one alert per metric (latency, jitter,
 * loss), naming the stream with the worst value, by the same "strictly above" rule the stored
 * summaries use ({@link QualityProperties}).
 */
final class QualityAlerts {

    private final QualityProperties thresholds;

    QualityAlerts(QualityProperties thresholds) {
        this.thresholds = thresholds;
    }

    List<AlertPayload> of(QosSample sample) {
        List<AlertPayload> alerts = new ArrayList<>(3);
        worst(sample, "latency_ms", StreamMetrics::latencyMs, thresholds.latencyMs(), alerts);
        worst(sample, "jitter_ms", StreamMetrics::jitterMs, thresholds.jitterMs(), alerts);
        worst(sample, "avg_loss_pct", StreamMetrics::avgLossPct, thresholds.lossPct(), alerts);
        return alerts;
    }

    private static void worst(QosSample sample, String metric, Function<StreamMetrics, Double> value, double threshold,
                              List<AlertPayload> into) {
        StreamKind worstKind = null;
        double worst = threshold;
        for (StreamKind kind : StreamKind.values()) {
            Double v = value.apply(sample.stream(kind));
            if (v != null && v > worst) {
                worst = v;
                worstKind = kind;
            }
        }
        if (worstKind != null) {
            into.add(new AlertPayload(metric, worstKind.zoomName(), worst, threshold, sample.minute()));
        }
    }
}
