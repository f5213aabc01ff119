package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.OTHER;
import static io.zoomqos.simulator.SimFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * QSS events of accounts with the add-on: one or more per participant-minute, each carrying that
 * minute's ground truth, a summary when the participant leaves, in Zoom's shape; and each
 * account's events on the delivery it uses. The simulated clock is moved by hand.
 */
class QssEventsTest {

    private static final JsonNode QOS_FIXTURE = fixture("meeting.participant_qos.webhook.json");
    private static final JsonNode SUMMARY_FIXTURE = fixture("meeting.participant_qos_summary.webhook.json");

    private final MutableClock real = new MutableClock(START);

    private SimulatedZoom zoom(SimulatorProperties.Builder b) {
        return new SimulatedZoom(b.build(), ACCOUNTS, real);
    }

    @Test
    void everyParticipantMinuteOfAQssAccountIsPushedWithTheGroundTruthValues() {
        SimulatedZoom zoom = zoom(SimFixtures.small().qssAccounts(List.of(ACCOUNT)));
        real.advance(Duration.ofHours(2));
        GroundTruth truth = zoom.groundTruth();
        List<WebhookEvent> events = zoom.webhookEvents(START.minusSeconds(1), truth.now());

        List<SimMeeting> qssMeetings = truth.meetings().stream().filter(m -> m.accountId().equals(ACCOUNT)).toList();
        assertThat(qssMeetings).isNotEmpty();
        for (SimMeeting m : qssMeetings) {
            for (SimParticipant p : m.participants()) {
                List<JsonNode> pushed = qss(events, m, p, SimulatedZoom.QSS_EVENT);
                Map<Instant, SimSample> want = truth.samples(m, p).stream()
                        .collect(Collectors.toMap(SimSample::minute, s -> s, (a, b) -> a, TreeMap::new));
                assertThat(pushed).as("one event per participant-minute at rate 1").hasSize(want.size());
                for (JsonNode e : pushed) {
                    JsonNode qos = e.get("payload").get("object").get("participant").get("qos");
                    Instant minute = Instant.parse(qos.get(0).get("date_time").asString()).truncatedTo(ChronoUnit.MINUTES);
                    assertThat(read(qos)).as("%s %s %s", m.uuid(), p.userId(), minute).isEqualTo(want.get(minute).streams());
                }
            }
        }
        assertThat(events).filteredOn(e -> e.accountId().equals(OTHER))
                .noneMatch(e -> e.event().startsWith("meeting.participant_qos"));
    }

    @Test
    void atSixEventsAMinuteEachCarriesItsMinuteAndNoneComesAfterTheLeave() {
        SimulatedZoom zoom = zoom(SimFixtures.small().qssAccounts(List.of(ACCOUNT)).qssEventsPerMinute(6));
        real.advance(Duration.ofHours(2));
        GroundTruth truth = zoom.groundTruth();
        List<WebhookEvent> events = zoom.webhookEvents(START.minusSeconds(1), truth.now());
        SimMeeting m = truth.meetings().stream().filter(x -> x.accountId().equals(ACCOUNT)).findFirst().orElseThrow();
        for (SimParticipant p : m.participants()) {
            List<WebhookEvent> pushed = events.stream().filter(e -> e.meetingUuid().equals(m.uuid())
                    && e.event().equals(SimulatedZoom.QSS_EVENT) && body(e).get("payload").get("object")
                    .get("participant").get("user_id").asString().equals(p.userId())).toList();
            List<SimSample> want = truth.samples(m, p);
            // Six for every minute but the last, which the leave may cut short.
            assertThat(pushed).hasSizeBetween(want.isEmpty() ? 0 : 6 * (want.size() - 1) + 1, 6 * want.size());
            for (WebhookEvent e : pushed) {
                assertThat(e.at()).isAfterOrEqualTo(p.join()).isBeforeOrEqualTo(p.leave());
                JsonNode qos = body(e).get("payload").get("object").get("participant").get("qos");
                Instant at = Instant.parse(qos.get(0).get("date_time").asString());
                assertThat(at).isEqualTo(e.at().truncatedTo(ChronoUnit.SECONDS));
                SimSample sample = want.stream().filter(s -> s.minute().equals(at.truncatedTo(ChronoUnit.MINUTES)))
                        .findFirst().orElseThrow();
                assertThat(read(qos)).isEqualTo(sample.streams());
            }
            assertThat(pushed.stream().map(e -> e.at().truncatedTo(ChronoUnit.MINUTES)).distinct().toList())
                    .containsExactlyElementsOf(want.stream().map(SimSample::minute).toList());
        }
    }

    @Test
    void aSummaryFollowsEachParticipantsLeaveWithMinAvgMaxOverItsMinutes() {
        SimulatedZoom zoom = zoom(SimFixtures.small().qssAccounts(List.of(ACCOUNT)));
        real.advance(Duration.ofHours(2));
        GroundTruth truth = zoom.groundTruth();
        List<WebhookEvent> events = zoom.webhookEvents(START.minusSeconds(1), truth.now());
        SimMeeting m = truth.meetings().stream().filter(x -> x.accountId().equals(ACCOUNT)).findFirst().orElseThrow();
        SimParticipant p = m.participants().get(0);

        List<WebhookEvent> ofMeeting = events.stream().filter(e -> e.meetingUuid().equals(m.uuid())).toList();
        WebhookEvent summary = ofMeeting.stream().filter(e -> e.event().equals(SimulatedZoom.QSS_SUMMARY_EVENT)
                && body(e).get("payload").get("object").get("participant").get("user_id").asString().equals(p.userId()))
                .collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
                    assertThat(l).hasSize(1);
                    return l.get(0);
                }));
        assertThat(summary.at()).isEqualTo(p.leave());
        assertThat(ofMeeting.indexOf(summary)).as("after the participant's last minute and its leave")
                .isGreaterThan(lastIndex(ofMeeting, e -> e.event().equals("meeting.participant_left")
                        && body(e).get("payload").get("object").get("participant").get("user_id").asString().equals(p.userId())))
                .isLessThan(lastIndex(ofMeeting, e -> e.event().equals("meeting.ended")));

        JsonNode s = body(summary);
        assertThat(s.propertyNames()).containsExactlyElementsOf(SUMMARY_FIXTURE.propertyNames());
        JsonNode participant = s.get("payload").get("object").get("participant");
        assertThat(participant.propertyNames())
                .containsExactlyElementsOf(SUMMARY_FIXTURE.get("payload").get("object").get("participant").propertyNames());
        JsonNode audio = item(participant.get("qos"), "audio_input").get("details");
        assertThat(audio.propertyNames()).containsExactlyElementsOf(
                item(SUMMARY_FIXTURE.get("payload").get("object").get("participant").get("qos"), "audio_input")
                        .get("details").propertyNames());
        List<SimSample> minutes = truth.samples(m, p);
        double maxLatency = minutes.stream().mapToDouble(x -> x.streams().get(StreamKind.AUDIO_INPUT).latencyMs()).max().orElseThrow();
        double minBitrate = minutes.stream().mapToDouble(x -> x.streams().get(StreamKind.AUDIO_INPUT).bitrateKbps()).min().orElseThrow();
        assertThat(number(audio.get("max_latency").asString())).isEqualTo(maxLatency);
        assertThat(number(audio.get("min_bitrate").asString())).isEqualTo(minBitrate);
    }

    @Test
    void perMinuteEventsHaveTheFixturesShape() {
        SimulatedZoom zoom = zoom(SimFixtures.small().qssAccounts(List.of(ACCOUNT)));
        real.advance(Duration.ofMinutes(20));
        WebhookEvent e = zoom.webhookEvents(START.minusSeconds(1), START.plus(Duration.ofMinutes(20))).stream()
                .filter(x -> x.event().equals(SimulatedZoom.QSS_EVENT)).findFirst().orElseThrow();
        JsonNode b = body(e);
        assertThat(b.propertyNames()).containsExactlyElementsOf(QOS_FIXTURE.propertyNames());
        assertThat(b.get("event_ts").asLong()).isEqualTo(e.at().toEpochMilli());
        JsonNode object = b.get("payload").get("object");
        assertThat(object.propertyNames()).containsExactlyElementsOf(QOS_FIXTURE.get("payload").get("object").propertyNames());
        assertThat(object.get("id").isString()).isTrue();
        JsonNode participant = object.get("participant");
        assertThat(participant.propertyNames())
                .containsExactlyElementsOf(QOS_FIXTURE.get("payload").get("object").get("participant").propertyNames());
        assertThat(item(participant.get("qos"), "audio_input").get("details").get("bitrate").asString())
                .as("QSS writes units without a space, unlike the REST API").matches("\\d+\\.\\d\\dkbps");
        assertThat(item(participant.get("qos"), "cpu_usage").get("details").propertyNames())
                .containsExactlyElementsOf(item(QOS_FIXTURE.get("payload").get("object").get("participant").get("qos"),
                        "cpu_usage").get("details").propertyNames());
    }

    @Test
    void eachAccountsEventsGoOnlyToTheDeliveryItUses() {
        SimulatedZoom zoom = zoom(SimFixtures.small().qssAccounts(List.of(ACCOUNT, OTHER)).websocketAccounts(List.of(OTHER)));
        List<WebhookEvent> webhooks = new ArrayList<>();
        List<WebhookEvent> socket = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            real.advance(Duration.ofSeconds(47));
            webhooks.addAll(zoom.drainDueWebhooks());
            socket.addAll(zoom.drainDue(SimulatedZoom.Delivery.WEBSOCKET));
        }
        assertThat(zoom.delivery(OTHER)).isEqualTo(SimulatedZoom.Delivery.WEBSOCKET);
        assertThat(webhooks).isNotEmpty().allMatch(e -> e.accountId().equals(ACCOUNT));
        assertThat(socket).isNotEmpty().allMatch(e -> e.accountId().equals(OTHER));
        List<WebhookEvent> all = zoom.webhookEvents(START.minusNanos(1), zoom.clock().instant());
        assertThat(webhooks.size() + socket.size()).as("each event exactly once").isEqualTo(all.size());
        assertThat(socket).anyMatch(e -> e.event().equals(SimulatedZoom.QSS_EVENT));
    }

    @Test
    void lifecycleLossAppliesToWebSocketDeliveryToo() {
        SimulatedZoom zoom = zoom(SimFixtures.small().websocketAccounts(List.of(ACCOUNT, OTHER)).lifecycleLoss(0.1));
        real.advance(Duration.ofHours(2));
        List<WebhookEvent> socket = zoom.drainDue(SimulatedZoom.Delivery.WEBSOCKET);
        assertThat(zoom.drainDueWebhooks()).isEmpty();
        assertThat(zoom.lostWebhooks()).extracting(WebhookEvent::event).contains("meeting.started", "meeting.ended");
        assertThat(socket).doesNotContainAnyElementsOf(zoom.lostWebhooks());
    }

    // ---------------------------------------------------------------- reading the events back

    private static List<JsonNode> qss(List<WebhookEvent> events, SimMeeting m, SimParticipant p, String kind) {
        return events.stream().filter(e -> e.meetingUuid().equals(m.uuid()) && e.event().equals(kind))
                .map(QssEventsTest::body)
                .filter(b -> b.get("payload").get("object").get("participant").get("user_id").asString().equals(p.userId()))
                .toList();
    }

    /** The active streams of one event, parsed back from Zoom's strings. */
    private static Map<StreamKind, StreamMetrics> read(JsonNode qos) {
        Map<StreamKind, StreamMetrics> out = new java.util.EnumMap<>(StreamKind.class);
        for (StreamKind kind : StreamKind.values()) {
            JsonNode d = item(qos, kind.zoomName()).get("details");
            if (d.get("bitrate").asString().isEmpty()) {
                continue;
            }
            String resolution = d.has("resolution") ? d.get("resolution").asString() : "";
            String fps = d.has("frame_rate") ? d.get("frame_rate").asString() : "";
            out.put(kind, new StreamMetrics(number(d.get("bitrate").asString()), number(d.get("latency").asString()),
                    number(d.get("jitter").asString()), number(d.get("avg_loss").asString()),
                    number(d.get("max_loss").asString()),
                    resolution.isEmpty() ? null : Integer.valueOf(resolution.split("\\*")[0]),
                    resolution.isEmpty() ? null : Integer.valueOf(resolution.split("\\*")[1]),
                    fps.isEmpty() ? null : number(fps)));
        }
        return out;
    }

    private static JsonNode item(JsonNode qos, String type) {
        for (JsonNode i : qos) {
            if (i.get("type").asString().equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no qos item " + type + " in " + qos);
    }

    private static double number(String withUnit) {
        return Double.parseDouble(withUnit.replaceAll("[^0-9.]", ""));
    }

    private static int lastIndex(List<WebhookEvent> events, java.util.function.Predicate<WebhookEvent> p) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode body(WebhookEvent e) {
        return SimFixtures.JSON.readTree(e.body());
    }

    private static JsonNode fixture(String name) {
        return SimFixtures.JSON.readTree(QssEventsTest.class.getResourceAsStream("/fixtures/zoom/" + name));
    }
}
