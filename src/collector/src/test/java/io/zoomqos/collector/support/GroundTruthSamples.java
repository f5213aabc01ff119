package io.zoomqos.collector.support;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.SimSample;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's ground truth in the collector's value types, keyed as the collector keys a
 * participant ({@code u:<user_id>}), so a test compares what was stored with what Zoom rendered.
 */
public final class GroundTruthSamples {

    private GroundTruthSamples() {
    }

    public static List<QosSample> of(GroundTruth truth, String meetingUuid) {
        return truth.samples(meetingUuid).stream().map(GroundTruthSamples::toQosSample).toList();
    }

    public static QosSample toQosSample(SimSample s) {
        Map<StreamKind, StreamMetrics> streams = new EnumMap<>(StreamKind.class);
        s.streams().forEach((kind, m) -> streams.put(StreamKind.valueOf(kind.name()), new StreamMetrics(m.bitrateKbps(),
                m.latencyMs(), m.jitterMs(), m.avgLossPct(), m.maxLossPct(), m.resolutionWidth(), m.resolutionHeight(),
                m.frameRateFps())));
        io.zoomqos.simulator.CpuMetrics c = s.cpu();
        return new QosSample(s.meetingUuid(), "u:" + s.userId(), s.minute(), streams,
                new CpuMetrics(c.zoomMinPct(), c.zoomAvgPct(), c.zoomMaxPct(), c.systemMaxPct()));
    }
}
