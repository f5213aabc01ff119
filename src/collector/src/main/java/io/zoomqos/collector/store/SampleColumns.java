package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The value columns of {@code qos_sample} ({@code <stream>_<metric>} and CPU), in one place, so the
 * batch upsert, the row mapper and the CSV header can never disagree on names or order.
 */
final class SampleColumns {

    /** One value column: its name, SQL array type for UNNEST, and how to read it from a sample. */
    record Column(String name, Class<?> javaType, String arrayType, Function<QosSample, Object> getter) {
    }

    /** Metric suffixes in column order; also the CSV header order. */
    static final List<String> STREAM_METRICS = List.of("bitrate_kbps", "latency_ms", "jitter_ms", "avg_loss_pct",
            "max_loss_pct", "width", "height", "fps");
    static final List<String> CPU_COLUMNS = List.of("cpu_zoom_min_pct", "cpu_zoom_avg_pct", "cpu_zoom_max_pct",
            "cpu_system_max_pct");

    static final List<Column> VALUES = build();
    static final String VALUE_NAMES = VALUES.stream().map(Column::name).collect(Collectors.joining(", "));

    private SampleColumns() {
    }

    private static List<Column> build() {
        List<Column> cols = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            String p = kind.zoomName() + "_";
            cols.add(dbl(p + "bitrate_kbps", s -> s.stream(kind).bitrateKbps()));
            cols.add(dbl(p + "latency_ms", s -> s.stream(kind).latencyMs()));
            cols.add(dbl(p + "jitter_ms", s -> s.stream(kind).jitterMs()));
            cols.add(dbl(p + "avg_loss_pct", s -> s.stream(kind).avgLossPct()));
            cols.add(dbl(p + "max_loss_pct", s -> s.stream(kind).maxLossPct()));
            cols.add(new Column(p + "width", Integer.class, "int4[]", s -> s.stream(kind).resolutionWidth()));
            cols.add(new Column(p + "height", Integer.class, "int4[]", s -> s.stream(kind).resolutionHeight()));
            cols.add(dbl(p + "fps", s -> s.stream(kind).frameRateFps()));
        }
        cols.add(dbl("cpu_zoom_min_pct", s -> s.cpu().zoomMinPct()));
        cols.add(dbl("cpu_zoom_avg_pct", s -> s.cpu().zoomAvgPct()));
        cols.add(dbl("cpu_zoom_max_pct", s -> s.cpu().zoomMaxPct()));
        cols.add(dbl("cpu_system_max_pct", s -> s.cpu().systemMaxPct()));
        return List.copyOf(cols);
    }

    private static Column dbl(String name, Function<QosSample, Object> getter) {
        return new Column(name, Double.class, "float8[]", getter);
    }

    /** Reads a full sample from a row holding meeting_uuid, participant_key, minute and every value column. */
    static QosSample read(Readable row) {
        Map<StreamKind, StreamMetrics> streams = new EnumMap<>(StreamKind.class);
        for (StreamKind kind : StreamKind.values()) {
            String p = kind.zoomName() + "_";
            StreamMetrics m = new StreamMetrics(
                    row.get(p + "bitrate_kbps", Double.class),
                    row.get(p + "latency_ms", Double.class),
                    row.get(p + "jitter_ms", Double.class),
                    row.get(p + "avg_loss_pct", Double.class),
                    row.get(p + "max_loss_pct", Double.class),
                    row.get(p + "width", Integer.class),
                    row.get(p + "height", Integer.class),
                    row.get(p + "fps", Double.class));
            if (!m.isAbsent()) {
                streams.put(kind, m);
            }
        }
        CpuMetrics cpu = new CpuMetrics(row.get("cpu_zoom_min_pct", Double.class), row.get("cpu_zoom_avg_pct", Double.class),
                row.get("cpu_zoom_max_pct", Double.class), row.get("cpu_system_max_pct", Double.class));
        return new QosSample(row.get("meeting_uuid", String.class), row.get("participant_key", String.class),
                row.get("minute", Instant.class), streams, cpu);
    }

    static StoredSample readStored(Readable row) {
        return new StoredSample(row.get("id", Long.class), row.get("revision", Integer.class), read(row));
    }

    /**
     * Merges two reports of the same participant-minute, keeping the first non-null of each value,
     * so one batch never carries a natural key twice (ON CONFLICT DO UPDATE refuses that).
     */
    static QosSample merge(QosSample a, QosSample b) {
        Map<StreamKind, StreamMetrics> streams = new EnumMap<>(StreamKind.class);
        for (StreamKind kind : StreamKind.values()) {
            StreamMetrics x = a.stream(kind);
            StreamMetrics y = b.stream(kind);
            StreamMetrics m = new StreamMetrics(first(x.bitrateKbps(), y.bitrateKbps()), first(x.latencyMs(), y.latencyMs()),
                    first(x.jitterMs(), y.jitterMs()), first(x.avgLossPct(), y.avgLossPct()),
                    first(x.maxLossPct(), y.maxLossPct()), first(x.resolutionWidth(), y.resolutionWidth()),
                    first(x.resolutionHeight(), y.resolutionHeight()), first(x.frameRateFps(), y.frameRateFps()));
            if (!m.isAbsent()) {
                streams.put(kind, m);
            }
        }
        CpuMetrics c = a.cpu();
        CpuMetrics d = b.cpu();
        return new QosSample(a.meetingUuid(), a.participantKey(), a.minute(), streams,
                new CpuMetrics(first(c.zoomMinPct(), d.zoomMinPct()), first(c.zoomAvgPct(), d.zoomAvgPct()),
                        first(c.zoomMaxPct(), d.zoomMaxPct()), first(c.systemMaxPct(), d.systemMaxPct())));
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
