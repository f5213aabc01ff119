package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static io.zoomqos.simulator.SimFixtures.doubleEncoded;
import static io.zoomqos.simulator.SimFixtures.get;
import static io.zoomqos.simulator.SimFixtures.json;
import static io.zoomqos.simulator.SimFixtures.qosPath;
import static io.zoomqos.simulator.SimFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the simulator renders is Zoom's shape, with Zoom's string units, and equals its ground truth. */
class RenderingTest {

    private final MutableClock real = new MutableClock(START);
    private final SimulatedZoom zoom = new SimulatedZoom(SimFixtures.small().perSecondLimit(1_000).build(), ACCOUNTS, real);

    private static final JsonNode FIXTURE = SimFixtures.JSON.readTree(
            RenderingTest.class.getResourceAsStream("/fixtures/zoom/metrics.meetings.participants.qos.page1.json"));

    @Test
    void renderedValuesEqualTheGroundTruthAndUseZoomsStringUnits() {
        SimMeeting m = zoom.groundTruth().meetings().get(0);
        real.set(m.end().plus(Duration.ofMinutes(3)));
        String bearer = token(zoom, ACCOUNT);
        List<JsonNode> participants = new ArrayList<>();
        String next = "";
        do {
            JsonNode page = json(next.isEmpty()
                    ? get(zoom, bearer, qosPath(doubleEncoded(m.uuid())), "type", "past", "page_size", "10")
                    : get(zoom, bearer, qosPath(doubleEncoded(m.uuid())), "type", "past", "page_size", "10",
                            "next_page_token", next));
            page.get("participants").forEach(participants::add);
            next = page.get("next_page_token").asString();
        } while (!next.isEmpty());

        GroundTruth truth = zoom.groundTruth();
        int compared = 0;
        int inactive = 0;
        for (JsonNode p : participants) {
            SimParticipant sp = m.participant(p.get("user_id").asString()).orElseThrow();
            List<SimSample> expected = truth.samples(m, sp);
            JsonNode qos = p.get("user_qos");
            assertThat(qos.size()).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                SimSample s = expected.get(i);
                JsonNode r = qos.get(i);
                assertThat(r.get("date_time").asString()).isEqualTo(s.minute().toString());
                for (StreamKind kind : StreamKind.values()) {
                    StreamMetrics want = s.streams().get(kind);
                    JsonNode got = r.get(kind.zoomName());
                    if (want == null) {
                        got.properties().forEach(e -> assertThat(e.getValue().asString()).as(kind + " inactive").isEmpty());
                        inactive++;
                    } else {
                        assertThat(parse(got, kind)).as(kind + " at " + s.minute()).isEqualTo(want);
                    }
                }
                JsonNode cpu = r.get("cpu_usage");
                assertThat(new CpuMetrics(pct(cpu, "zoom_min_cpu_usage"), pct(cpu, "zoom_avg_cpu_usage"),
                        pct(cpu, "zoom_max_cpu_usage"), pct(cpu, "system_max_cpu_usage"))).isEqualTo(s.cpu());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(truth.samples(m).size()).isGreaterThan(100);
        assertThat(inactive).as("some streams are off (no screen share most minutes)").isPositive();
    }

    @Test
    void participantAndSampleObjectsHaveTheFixturesFieldsInTheFixturesOrder() {
        SimMeeting m = zoom.groundTruth().meetings().get(0);
        real.set(m.end().plus(Duration.ofMinutes(3)));
        JsonNode page = json(get(zoom, token(zoom, ACCOUNT), qosPath(doubleEncoded(m.uuid())), "type", "past",
                "page_size", "10"));
        JsonNode fixtureParticipant = FIXTURE.get("participants").get(0);
        assertThat(page.propertyNames()).containsExactlyElementsOf(FIXTURE.propertyNames());
        for (JsonNode p : page.get("participants")) {
            assertThat(p.propertyNames()).containsExactlyElementsOf(fixtureParticipant.propertyNames());
            JsonNode sample = p.get("user_qos").get(0);
            List<String> keys = new ArrayList<>(sample.propertyNames());
            List<String> fixtureKeys = new ArrayList<>(fixtureParticipant.get("user_qos").get(0).propertyNames());
            if (!keys.contains("wifi_rssi")) {
                fixtureKeys.remove("wifi_rssi"); // only participants on Wi-Fi report RSSI, as the fixture's guest shows
            } else {
                assertThat(sample.get("wifi_rssi").get("avg_rssi").isInt()).isTrue();
                assertThat(sample.get("wifi_rssi").get("rssi_unit").asString()).isEqualTo("dBm");
            }
            assertThat(keys).containsExactlyElementsOf(fixtureKeys);
            for (String stream : List.of("audio_input", "video_input", "as_input", "cpu_usage")) {
                assertThat(sample.get(stream).propertyNames())
                        .containsExactlyElementsOf(fixtureParticipant.get("user_qos").get(0).get(stream).propertyNames());
            }
        }
    }

    @Test
    void formatsNumbersTheWayZoomDoes() {
        assertThat(ZoomRenderer.loss(0.1)).isEqualTo("0.1%");
        assertThat(ZoomRenderer.loss(0.03)).isEqualTo("0.03%");
        assertThat(ZoomRenderer.loss(0.0)).isEqualTo("0.0%");
        assertThat(ZoomRenderer.loss(12.5)).isEqualTo("12.5%");
        Map<String, Object> sample = ZoomRenderer.sample(new SimSample("u", "1", Instant.parse("2025-03-10T14:01:00Z"),
                Map.of(StreamKind.VIDEO_INPUT, new StreamMetrics(612.3, 21.0, 4.0, 0.2, 1.1, 1280, 720, 24.0)),
                new CpuMetrics(4.0, 9.0, 15.0, 41.0), null));
        assertThat(Json.write(sample.get("video_input"))).isEqualTo(
                "{\"bitrate\":\"612.30 kbps\",\"latency\":\"21 ms\",\"jitter\":\"4 ms\",\"avg_loss\":\"0.2%\","
                        + "\"max_loss\":\"1.1%\",\"resolution\":\"1280*720\",\"frame_rate\":\"24 fps\"}");
        assertThat(Json.write(sample.get("audio_input"))).isEqualTo(
                "{\"bitrate\":\"\",\"latency\":\"\",\"jitter\":\"\",\"avg_loss\":\"\",\"max_loss\":\"\"}");
        assertThat(Json.write(sample.get("cpu_usage"))).isEqualTo("{\"zoom_min_cpu_usage\":\"4%\","
                + "\"zoom_avg_cpu_usage\":\"9%\",\"zoom_max_cpu_usage\":\"15%\",\"system_max_cpu_usage\":\"41%\"}");
    }

    /** A strict parser of Zoom's strings: fails on any other format. */
    private static StreamMetrics parse(JsonNode s, StreamKind kind) {
        String bitrate = s.get("bitrate").asString();
        assertThat(bitrate).matches("\\d+\\.\\d{2} kbps");
        assertThat(s.get("latency").asString()).matches("\\d+ ms");
        assertThat(s.get("jitter").asString()).matches("\\d+ ms");
        assertThat(s.get("avg_loss").asString()).matches("\\d+\\.\\d{1,2}%");
        assertThat(s.get("max_loss").asString()).matches("\\d+\\.\\d{1,2}%");
        Integer w = null;
        Integer h = null;
        Double fps = null;
        boolean visual = kind != StreamKind.AUDIO_INPUT && kind != StreamKind.AUDIO_OUTPUT;
        if (visual) {
            String res = s.get("resolution").asString();
            assertThat(res).matches("\\d+\\*\\d+");
            w = Integer.parseInt(res.substring(0, res.indexOf('*')));
            h = Integer.parseInt(res.substring(res.indexOf('*') + 1));
            assertThat(s.get("frame_rate").asString()).matches("\\d+ fps");
            fps = num(s.get("frame_rate").asString(), " fps");
            assertThat(fps).isLessThanOrEqualTo(30);
        } else {
            assertThat(s.has("resolution")).isFalse();
        }
        return new StreamMetrics(num(bitrate, " kbps"), num(s.get("latency").asString(), " ms"),
                num(s.get("jitter").asString(), " ms"), num(s.get("avg_loss").asString(), "%"),
                num(s.get("max_loss").asString(), "%"), w, h, fps);
    }

    private static Double pct(JsonNode cpu, String field) {
        assertThat(cpu.get(field).asString()).matches("\\d+%");
        return num(cpu.get(field).asString(), "%");
    }

    private static double num(String s, String unit) {
        assertThat(s).endsWith(unit);
        return Double.parseDouble(s.substring(0, s.length() - unit.length()));
    }
}
