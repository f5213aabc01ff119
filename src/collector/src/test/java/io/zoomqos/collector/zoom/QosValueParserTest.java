package io.zoomqos.collector.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class QosValueParserTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QosValueParser parser = new QosValueParser(registry);
    private final JsonMapper json = JsonMapper.builder().build();

    private static final BiFunction<QosValueParser, String, Object> BITRATE = QosValueParser::bitrateKbps;
    private static final BiFunction<QosValueParser, String, Object> LATENCY = (p, s) -> p.milliseconds("latency", s);
    private static final BiFunction<QosValueParser, String, Object> LOSS = (p, s) -> p.percent("avg_loss", s);
    private static final BiFunction<QosValueParser, String, Object> FPS = QosValueParser::framesPerSecond;
    private static final BiFunction<QosValueParser, String, Object> RESOLUTION = QosValueParser::resolution;
    private static final BiFunction<QosValueParser, String, Object> RSSI = (p, s) -> p.dbm("avg_rssi", s);
    private static final BiFunction<QosValueParser, String, Object> TIME = (p, s) -> p.instant("date_time", s);

    static Stream<Arguments> oddStrings() {
        return Stream.of(
                // field, parse, raw, expected, counted as unparsable
                Arguments.of("bitrate", BITRATE, "27.15 kbps", 27.15, false),
                Arguments.of("bitrate", BITRATE, "27.15kbps", 27.15, false),
                Arguments.of("bitrate", BITRATE, "  27.15 KBPS ", 27.15, false),
                Arguments.of("bitrate", BITRATE, "1.5 Mbps", 1500.0, false),
                Arguments.of("bitrate", BITRATE, "27.15", 27.15, false),
                Arguments.of("bitrate", BITRATE, "0 kbps", 0.0, false),
                Arguments.of("bitrate", BITRATE, "", null, false),
                Arguments.of("bitrate", BITRATE, "   ", null, false),
                Arguments.of("bitrate", BITRATE, null, null, false),
                Arguments.of("bitrate", BITRATE, "N/A", null, true),
                Arguments.of("bitrate", BITRATE, "-", null, true),
                Arguments.of("bitrate", BITRATE, "abc kbps", null, true),
                Arguments.of("bitrate", BITRATE, "27,15 kbps", null, true),
                Arguments.of("bitrate", BITRATE, "-3 kbps", null, true),
                Arguments.of("bitrate", BITRATE, "12 parsecs", null, true),
                Arguments.of("bitrate", BITRATE, "27.15 kbps kbps", null, true),
                Arguments.of("latency", LATENCY, "126 ms", 126.0, false),
                Arguments.of("latency", LATENCY, "126ms", 126.0, false),
                Arguments.of("latency", LATENCY, "0 ms", 0.0, false),
                Arguments.of("latency", LATENCY, "-0 ms", 0.0, false),
                Arguments.of("latency", LATENCY, "2 s", 2000.0, false),
                Arguments.of("latency", LATENCY, "ms", null, true),
                Arguments.of("latency", LATENCY, "1e999 ms", null, true),
                Arguments.of("avg_loss", LOSS, "0.03%", 0.03, false),
                Arguments.of("avg_loss", LOSS, "0.4 %", 0.4, false),
                Arguments.of("avg_loss", LOSS, "11%", 11.0, false),
                Arguments.of("avg_loss", LOSS, "0%", 0.0, false),
                Arguments.of("avg_loss", LOSS, "%", null, true),
                Arguments.of("avg_loss", LOSS, "5 percent", null, true),
                Arguments.of("frame_rate", FPS, "12 fps", 12.0, false),
                Arguments.of("frame_rate", FPS, "12", 12.0, false),
                Arguments.of("frame_rate", FPS, "twelve", null, true),
                Arguments.of("resolution", RESOLUTION, "1280*720", new QosValueParser.Resolution(1280, 720), false),
                Arguments.of("resolution", RESOLUTION, " 1280 * 720 ", new QosValueParser.Resolution(1280, 720), false),
                Arguments.of("resolution", RESOLUTION, "640x360", new QosValueParser.Resolution(640, 360), false),
                Arguments.of("resolution", RESOLUTION, "", null, false),
                Arguments.of("resolution", RESOLUTION, "1280*", null, true),
                Arguments.of("resolution", RESOLUTION, "720p", null, true),
                Arguments.of("avg_rssi", RSSI, "-55", -55, false),
                Arguments.of("avg_rssi", RSSI, "-55 dBm", -55, false),
                Arguments.of("avg_rssi", RSSI, "-55.5", null, true),
                Arguments.of("date_time", TIME, "2025-03-10T14:01:00Z", Instant.parse("2025-03-10T14:01:00Z"), false),
                Arguments.of("date_time", TIME, "2025-03-10T15:01:00+01:00", Instant.parse("2025-03-10T14:01:00Z"), false),
                Arguments.of("date_time", TIME, "yesterday", null, true));
    }

    @ParameterizedTest(name = "{0} \"{2}\" -> {3}")
    @MethodSource("oddStrings")
    void parsesOrMarksAbsentAndCountsGarbage(String field, BiFunction<QosValueParser, String, Object> parse,
                                             String raw, Object expected, boolean counted) {
        Object value = parse.apply(parser, raw);

        assertThat(value).isEqualTo(expected);
        assertThat(unparsable(field)).isEqualTo(counted ? 1.0 : 0.0);
    }

    @Test
    void emptyStreamObjectIsAbsentNotZero() throws Exception {
        JsonNode empty = json.readTree("""
                {"bitrate":"","latency":"","jitter":"","avg_loss":"","max_loss":"","resolution":"","frame_rate":""}""");

        assertThat(parser.stream(empty)).isSameAs(StreamMetrics.ABSENT);
        assertThat(parser.stream(null)).isSameAs(StreamMetrics.ABSENT);
        assertThat(parser.stream(json.readTree("null"))).isSameAs(StreamMetrics.ABSENT);
        assertThat(registry.find(QosValueParser.UNPARSABLE_METRIC).counters()).isEmpty();
    }

    @Test
    void partlyFilledStreamKeepsZerosAndAbsences() throws Exception {
        JsonNode node = json.readTree("""
                {"bitrate":"0 kbps","latency":"","jitter":"0 ms","avg_loss":"0.0%","extra":"ignored"}""");

        assertThat(parser.stream(node)).isEqualTo(new StreamMetrics(0.0, null, 0.0, 0.0, null, null, null, null));
    }

    @Test
    void acceptsBareJsonNumbersAndRejectsOtherJsonTypes() throws Exception {
        JsonNode node = json.readTree("""
                {"bitrate":27.15,"latency":true,"jitter":{"x":1},"avg_loss":[1]}""");

        assertThat(parser.stream(node)).isEqualTo(new StreamMetrics(27.15, null, null, null, null, null, null, null));
        assertThat(unparsable("latency") + unparsable("jitter") + unparsable("avg_loss")).isEqualTo(3.0);
    }

    @Test
    void streamThatIsNotAnObjectIsAbsentAndCounted() throws Exception {
        assertThat(parser.stream(json.readTree("\"oops\""))).isSameAs(StreamMetrics.ABSENT);
        assertThat(unparsable("stream")).isEqualTo(1.0);
    }

    @Test
    void cpuWithEmptyValuesOrMissingIsAbsent() throws Exception {
        assertThat(parser.cpu(null)).isSameAs(CpuMetrics.ABSENT);
        assertThat(parser.cpu(json.readTree("""
                {"zoom_min_cpu_usage":"","zoom_avg_cpu_usage":"","zoom_max_cpu_usage":"","system_max_cpu_usage":""}""")))
                .isSameAs(CpuMetrics.ABSENT);
        assertThat(parser.cpu(json.readTree("""
                {"zoom_min_cpu_usage":"0%","zoom_avg_cpu_usage":"11%","system_max_cpu_usage":"2%"}""")))
                .isEqualTo(new CpuMetrics(0.0, 11.0, null, 2.0));
    }

    @Test
    void wifiRssiIsReadFromIntegers() throws Exception {
        assertThat(parser.wifiRssiAvg(json.readTree("""
                {"max_rssi":-48,"avg_rssi":-55,"min_rssi":-63,"rssi_unit":"dBm"}"""))).isEqualTo(-55);
        assertThat(parser.wifiRssiAvg(null)).isNull();
        assertThat(parser.wifiRssiAvg(json.readTree("{\"rssi_unit\":\"dBm\"}"))).isNull();
    }

    private double unparsable(String field) {
        Counter c = registry.find(QosValueParser.UNPARSABLE_METRIC).tag("field", field).counter();
        return c == null ? 0.0 : c.count();
    }
}
