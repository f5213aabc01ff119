package io.zoomqos.collector.zoom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns Zoom's QoS strings ({@code "27.15 kbps"}, {@code "126 ms"}, {@code "0.03%"}, {@code "12 fps"},
 * {@code "1280*720"}) into numbers in fixed units.
 *
 * <p>Rules: a missing value, JSON null or a blank string is <em>absent</em> (null), never zero and
 * never counted. A value we cannot read (unknown unit, negative, not a number, wrong JSON type) is
 * also absent, and counted in {@code qos.zoom.unparsable{field}} so that a format change at Zoom
 * shows up on a dashboard instead of as an exception or as silent zeros. Bare numbers are accepted
 * in the field's unit (Zoom's spec shows units, but older payloads and the simulator may not).
 */
public final class QosValueParser {

    static final String UNPARSABLE_METRIC = "qos.zoom.unparsable";

    private static final Pattern NUMBER_WITH_UNIT =
            Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(\\D.*)?");
    private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,6})\\s*[*xX\u00d7]\\s*(\\d{1,6})");

    private static final Map<String, Double> BITRATE_UNITS =
            Map.of("", 1.0, "kbps", 1.0, "kb/s", 1.0, "mbps", 1000.0, "mb/s", 1000.0, "bps", 0.001);
    private static final Map<String, Double> MILLISECOND_UNITS = Map.of("", 1.0, "ms", 1.0, "s", 1000.0);
    private static final Map<String, Double> PERCENT_UNITS = Map.of("", 1.0, "%", 1.0);
    private static final Map<String, Double> FPS_UNITS = Map.of("", 1.0, "fps", 1.0);
    private static final Map<String, Double> DBM_UNITS = Map.of("", 1.0, "dbm", 1.0);

    /** A video or screen-share resolution in pixels. */
    public record Resolution(int width, int height) {
    }

    private final MeterRegistry registry;

    public QosValueParser(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code "27.15 kbps"} -> 27.15 (kbps); {@code Mbps} and {@code bps} are converted. */
    public Double bitrateKbps(String raw) {
        return quantity("bitrate", raw, BITRATE_UNITS, false);
    }

    /** {@code "126 ms"} -> 126.0 (ms). */
    public Double milliseconds(String field, String raw) {
        return quantity(field, raw, MILLISECOND_UNITS, false);
    }

    /** {@code "0.03%"} -> 0.03 (percent, not a fraction). */
    public Double percent(String field, String raw) {
        return quantity(field, raw, PERCENT_UNITS, false);
    }

    /** {@code "12 fps"} -> 12.0. */
    public Double framesPerSecond(String raw) {
        return quantity("frame_rate", raw, FPS_UNITS, false);
    }

    /** {@code "-55"} or {@code "-55 dBm"} -> -55; signal strength is negative, so the sign is kept. */
    public Integer dbm(String field, String raw) {
        Double v = quantity(field, raw, DBM_UNITS, true);
        if (v == null) {
            return null;
        }
        if (v != Math.rint(v) || Math.abs(v) > 1000) {
            return unparsable(field);
        }
        return v.intValue();
    }

    /** {@code "1280*720"} -> 1280 x 720 ({@code x} is tolerated too). */
    public Resolution resolution(String raw) {
        if (isBlank(raw)) {
            return null;
        }
        Matcher m = RESOLUTION.matcher(raw.trim());
        if (!m.matches()) {
            return unparsable("resolution");
        }
        return new Resolution(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** ISO-8601 with {@code Z} or an offset. */
    public Instant instant(String field, String raw) {
        if (isBlank(raw)) {
            return null;
        }
        String s = raw.trim();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return unparsable(field);
            }
        }
    }

    /** One stream object of a minute; a missing object or one with only empty strings is {@link StreamMetrics#ABSENT}. */
    public StreamMetrics stream(JsonNode node) {
        if (absent(node)) {
            return StreamMetrics.ABSENT;
        }
        if (!node.isObject()) {
            return unparsableOr("stream", StreamMetrics.ABSENT);
        }
        Resolution resolution = resolution(text("resolution", node.get("resolution")));
        StreamMetrics m = new StreamMetrics(
                bitrateKbps(text("bitrate", node.get("bitrate"))),
                milliseconds("latency", text("latency", node.get("latency"))),
                milliseconds("jitter", text("jitter", node.get("jitter"))),
                percent("avg_loss", text("avg_loss", node.get("avg_loss"))),
                percent("max_loss", text("max_loss", node.get("max_loss"))),
                resolution == null ? null : resolution.width(),
                resolution == null ? null : resolution.height(),
                framesPerSecond(text("frame_rate", node.get("frame_rate"))));
        return m.isAbsent() ? StreamMetrics.ABSENT : m;
    }

    /** {@code cpu_usage}; missing is {@link CpuMetrics#ABSENT}. */
    public CpuMetrics cpu(JsonNode node) {
        if (absent(node)) {
            return CpuMetrics.ABSENT;
        }
        if (!node.isObject()) {
            return unparsableOr("cpu_usage", CpuMetrics.ABSENT);
        }
        CpuMetrics cpu = new CpuMetrics(cpuField(node, "zoom_min_cpu_usage"), cpuField(node, "zoom_avg_cpu_usage"),
                cpuField(node, "zoom_max_cpu_usage"), cpuField(node, "system_max_cpu_usage"));
        return CpuMetrics.ABSENT.equals(cpu) ? CpuMetrics.ABSENT : cpu;
    }

    /** {@code wifi_rssi.avg_rssi} (Zoom sends integers), null when absent. */
    public Integer wifiRssiAvg(JsonNode wifi) {
        if (absent(wifi)) {
            return null;
        }
        if (!wifi.isObject()) {
            return unparsable("wifi_rssi");
        }
        return dbm("avg_rssi", text("avg_rssi", wifi.get("avg_rssi")));
    }

    /**
     * The text of a JSON value: strings as they are, numbers in their JSON spelling, null for
     * missing / null; anything else (object, array, boolean) is counted and absent.
     */
    public String text(String field, JsonNode value) {
        if (absent(value)) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            return value.asString();
        }
        return unparsable(field);
    }

    private Double cpuField(JsonNode cpu, String field) {
        return percent(field, text(field, cpu.get(field)));
    }

    private Double quantity(String field, String raw, Map<String, Double> units, boolean signed) {
        if (isBlank(raw)) {
            return null;
        }
        Matcher m = NUMBER_WITH_UNIT.matcher(raw.trim());
        if (!m.matches()) {
            return unparsable(field);
        }
        String unit = m.group(2) == null ? "" : m.group(2).trim().toLowerCase(Locale.ROOT);
        Double factor = units.get(unit);
        double value = Double.parseDouble(m.group(1));
        if (factor == null || !Double.isFinite(value) || (!signed && value < 0)) {
            return unparsable(field);
        }
        // + 0.0 turns "-0" into 0.0
        return (factor == 1.0 ? value : value * factor) + 0.0;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Counts a value that could not be used although it was not just an odd string (e.g. a missing key field). */
    void reportUnparsable(String field) {
        unparsable(field);
    }

    private <T> T unparsable(String field) {
        return unparsableOr(field, null);
    }

    private <T> T unparsableOr(String field, T absent) {
        Counter.builder(UNPARSABLE_METRIC)
                .description("Zoom QoS values that could not be read and were stored as absent")
                .tag("field", field)
                .register(registry)
                .increment();
        return absent;
    }
}
