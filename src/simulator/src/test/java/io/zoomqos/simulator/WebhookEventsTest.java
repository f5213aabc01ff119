package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The lifecycle webhooks: Zoom's envelope, each event once, in time order. */
class WebhookEventsTest {

    private static final JsonNode STARTED = fixture("meeting.started.webhook.json");
    private static final JsonNode ENDED = fixture("meeting.ended.webhook.json");

    private final MutableClock real = new MutableClock(START);
    private final SimulatedZoom zoom = new SimulatedZoom(SimFixtures.small().build(), ACCOUNTS, real);

    @Test
    void drainsEveryLifecycleEventExactlyOnceInTimeOrder() {
        List<WebhookEvent> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.addAll(zoom.drainDueWebhooks());
            real.advance(Duration.ofSeconds(53));
        }
        real.advance(Duration.ofHours(1));
        all.addAll(zoom.drainDueWebhooks());
        assertThat(zoom.drainDueWebhooks()).isEmpty();

        List<SimMeeting> meetings = zoom.groundTruth().meetings();
        assertThat(meetings).hasSize(10);
        int participants = meetings.stream().mapToInt(m -> m.participants().size()).sum();
        assertThat(all).hasSize(2 * meetings.size() + 2 * participants);
        assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(WebhookEvent::at));
        assertThat(all).filteredOn(e -> e.event().equals("meeting.started")).hasSize(10);
        assertThat(all).filteredOn(e -> e.event().equals("meeting.participant_joined")).hasSize(participants);
        for (SimMeeting m : meetings) {
            List<String> order = all.stream().filter(e -> e.meetingUuid().equals(m.uuid())).map(WebhookEvent::event).toList();
            assertThat(order.get(0)).isEqualTo("meeting.started");
            assertThat(order.get(order.size() - 1)).isEqualTo("meeting.ended");
        }
    }

    @Test
    void startedAndEndedBodiesHaveZoomsEnvelopeAndFields() {
        real.advance(Duration.ofHours(2));
        SimMeeting m = zoom.groundTruth().meetings().get(0);
        List<WebhookEvent> events = zoom.webhookEvents(START.minusSeconds(1), START.plus(Duration.ofHours(2)));
        WebhookEvent started = events.stream().filter(e -> e.meetingUuid().equals(m.uuid())
                && e.event().equals("meeting.started")).findFirst().orElseThrow();
        WebhookEvent ended = events.stream().filter(e -> e.meetingUuid().equals(m.uuid())
                && e.event().equals("meeting.ended")).findFirst().orElseThrow();

        JsonNode s = SimFixtures.JSON.readTree(started.body());
        assertThat(s.propertyNames()).containsExactlyElementsOf(STARTED.propertyNames());
        assertThat(s.get("payload").propertyNames()).containsExactlyElementsOf(STARTED.get("payload").propertyNames());
        assertThat(s.get("payload").get("object").propertyNames())
                .containsExactlyElementsOf(STARTED.get("payload").get("object").propertyNames());
        assertThat(s.get("event_ts").asLong()).isEqualTo(m.start().toEpochMilli());
        assertThat(s.get("payload").get("account_id").asString()).isEqualTo(m.accountId());
        assertThat(s.get("payload").get("object").get("id").isString()).isTrue();
        assertThat(s.get("payload").get("object").get("uuid").asString()).isEqualTo(m.uuid());
        assertThat(started.body()).as("compact, like Zoom").doesNotContain(" \"", "\n");

        JsonNode e = SimFixtures.JSON.readTree(ended.body());
        assertThat(e.get("payload").get("object").propertyNames())
                .containsExactlyElementsOf(ENDED.get("payload").get("object").propertyNames());
        assertThat(e.get("payload").get("object").get("end_time").asString()).isEqualTo(m.end().toString());
    }

    @Test
    void participantEventsCarryTheUserIdTheQosEndpointsUse() {
        real.advance(Duration.ofHours(2));
        SimMeeting m = zoom.groundTruth().meetings().get(0);
        List<WebhookEvent> events = zoom.webhookEvents(START.minusSeconds(1), START.plus(Duration.ofHours(2)));
        List<String> joined = events.stream()
                .filter(e -> e.meetingUuid().equals(m.uuid()) && e.event().equals("meeting.participant_joined"))
                .map(e -> SimFixtures.JSON.readTree(e.body()).get("payload").get("object").get("participant"))
                .map(p -> {
                    assertThat(p.has("join_time")).isTrue();
                    return p.get("user_id").asString();
                }).toList();
        assertThat(joined).containsExactlyInAnyOrderElementsOf(m.participants().stream().map(SimParticipant::userId).toList());
        JsonNode left = events.stream()
                .filter(e -> e.meetingUuid().equals(m.uuid()) && e.event().equals("meeting.participant_left"))
                .map(e -> SimFixtures.JSON.readTree(e.body()).get("payload").get("object").get("participant"))
                .findFirst().orElseThrow();
        assertThat(left.has("leave_time")).isTrue();
    }

    private static JsonNode fixture(String name) {
        return SimFixtures.JSON.readTree(WebhookEventsTest.class.getResourceAsStream("/fixtures/zoom/" + name));
    }
}
