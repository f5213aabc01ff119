package io.zoomqos.collector.zoom;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One element of Zoom's {@code user_qos[]}: one participant-minute, parsed to numbers.
 *
 * @param dateTime Zoom's {@code date_time} (minute-aligned)
 * @param streams every {@link StreamKind}; {@link StreamMetrics#ABSENT} when Zoom sent no object or only empty strings
 * @param cpu {@link CpuMetrics#ABSENT} when Zoom sent no {@code cpu_usage}
 * @param wifiRssiAvg {@code wifi_rssi.avg_rssi} in dBm, null when absent
 */
public record QosMinute(Instant dateTime, Map<StreamKind, StreamMetrics> streams, CpuMetrics cpu, Integer wifiRssiAvg) {

    public QosMinute {
        Objects.requireNonNull(dateTime, "dateTime");
        EnumMap<StreamKind, StreamMetrics> all = new EnumMap<>(StreamKind.class);
        for (StreamKind kind : StreamKind.values()) {
            StreamMetrics m = streams == null ? null : streams.get(kind);
            all.put(kind, m == null ? StreamMetrics.ABSENT : m);
        }
        streams = Collections.unmodifiableMap(all);
        cpu = cpu == null ? CpuMetrics.ABSENT : cpu;
    }

    public StreamMetrics stream(StreamKind kind) {
        return streams.get(kind);
    }
}
