package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNT;
import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static io.zoomqos.simulator.SimFixtures.doubleEncoded;
import static io.zoomqos.simulator.SimFixtures.enc;
import static io.zoomqos.simulator.SimFixtures.get;
import static io.zoomqos.simulator.SimFixtures.json;
import static io.zoomqos.simulator.SimFixtures.qosPath;
import static io.zoomqos.simulator.SimFixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Dashboard endpoints: routing, pagination, live/past availability. */
class SimulatedZoomApiTest {

    private final MutableClock real = new MutableClock(START);
    private final SimulatedZoom zoom = new SimulatedZoom(SimFixtures.small().perSecondLimit(1_000).build(), ACCOUNTS, real);
    private final String bearer = token(zoom, ACCOUNT);

    private SimMeeting firstMeeting() {
        return zoom.groundTruth().meetings().get(0);
    }

    @Test
    void routesDoubleEncodedUuidsAndRejectsSingleEncodedSlashes() {
        real.advance(Duration.ofMinutes(5));
        SimMeeting m = firstMeeting();
        assertThat(m.uuid()).as("meeting 0 exercises the double-encoding rule").startsWith("/");

        SimResponse doubled = get(zoom, bearer, qosPath(doubleEncoded(m.uuid())));
        assertThat(doubled.status()).isEqualTo(200);
        assertThat(doubled.body()).contains("\"user_qos\"");

        SimResponse once = get(zoom, bearer, qosPath(enc(m.uuid())));
        assertThat(once.status()).isEqualTo(404);
        assertThat(json(once).get("code").asInt()).isEqualTo(3001);
    }

    @Test
    void acceptsAUuidWithALoneInnerSlashEncodedOnceAsZoomDocuments() {
        SimulatedZoom many = new SimulatedZoom(SimFixtures.small().perSecondLimit(1_000).meetings(200).build(), ACCOUNTS, real);
        String b = token(many, ACCOUNT);
        real.advance(Duration.ofMinutes(20));
        SimMeeting inner = many.groundTruth().liveMeetings().stream()
                .filter(x -> x.accountId().equals(ACCOUNT))
                .filter(x -> x.uuid().indexOf('/') > 0 && !x.uuid().contains("//")).findFirst().orElseThrow();

        assertThat(get(many, b, qosPath(enc(inner.uuid()))).status()).isEqualTo(200);
        assertThat(get(many, b, qosPath(doubleEncoded(inner.uuid()))).status()).isEqualTo(200);
    }

    @Test
    void acceptsUuidsWithoutSlashesPlainOrDoubleEncoded() {
        real.advance(Duration.ofMinutes(12));
        SimMeeting plain = zoom.groundTruth().meetings().stream()
                .filter(x -> x.accountId().equals(ACCOUNT) && !x.uuid().contains("/")).findFirst().orElseThrow();
        assertThat(get(zoom, bearer, qosPath(plain.uuid())).status()).isEqualTo(200);
        assertThat(get(zoom, bearer, qosPath(enc(plain.uuid()))).status()).isEqualTo(200);
        assertThat(get(zoom, bearer, qosPath(doubleEncoded(plain.uuid()))).status()).isEqualTo(200);
    }

    @Test
    void aMeetingIdNamesItsLatestStartedInstance() {
        SimulatedZoom recurring = new SimulatedZoom(SimFixtures.small().continuous(true).meetings(2)
                .startWindow(Duration.ofMinutes(10)).build(), ACCOUNTS, real);
        String b = token(recurring, ACCOUNT);
        real.advance(Duration.ofMinutes(25)); // waves at 0, 10, 20 min: three instances of the same meeting id
        List<SimMeeting> ours = recurring.groundTruth().meetings().stream()
                .filter(x -> x.accountId().equals(ACCOUNT)).toList();
        assertThat(ours).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ours.stream().map(SimMeeting::meetingId).distinct()).hasSize(1);
        SimMeeting latest = ours.get(ours.size() - 1);

        SimResponse r = get(recurring, b, qosPath(Long.toString(latest.meetingId())), "page_size", "10");
        assertThat(r.status()).isEqualTo(200);
        Set<String> users = new HashSet<>();
        json(r).get("participants").forEach(p -> users.add(p.get("user_id").asString()));
        assertThat(users).isEqualTo(new HashSet<>(latest.participants().stream()
                .filter(p -> !p.join().isAfter(recurring.clock().instant())).map(SimParticipant::userId).toList()));
    }

    @Test
    void pastBeforeTheEndAndDuringTheReportDelayIs404With3001ThenServesEverything() {
        real.advance(Duration.ofMinutes(5));
        SimMeeting m = firstMeeting();
        String path = qosPath(doubleEncoded(m.uuid()));

        SimResponse early = get(zoom, bearer, path, "type", "past");
        assertThat(early.status()).isEqualTo(404);
        assertThat(json(early).get("code").asInt()).isEqualTo(3001);

        real.set(m.end().plusSeconds(30));
        SimResponse delayed = get(zoom, bearer, path, "type", "past");
        assertThat(delayed.status()).isEqualTo(404);
        assertThat(json(delayed).get("code").asInt()).isEqualTo(3001);
        SimResponse notLive = get(zoom, bearer, path, "type", "live");
        assertThat(notLive.status()).as("an ended meeting is not live").isEqualTo(404);
        assertThat(json(notLive).get("code").asInt()).isEqualTo(3001);

        real.set(m.end().plus(Duration.ofMinutes(2)));
        SimResponse past = get(zoom, bearer, path, "type", "past", "page_size", "10");
        assertThat(past.status()).isEqualTo(200);
        JsonNode body = json(past);
        assertThat(body.get("total_records").asInt()).isEqualTo(m.participants().size());
        int samples = 0;
        for (JsonNode p : body.get("participants")) {
            samples += p.get("user_qos").size();
            assertThat(p.has("leave_time")).isTrue();
        }
        assertThat(samples).isEqualTo(zoom.groundTruth().samples(m).size());
    }

    @Test
    void liveReturnsTheMinuteHistorySoFar() {
        real.advance(Duration.ofMinutes(6));
        SimMeeting m = firstMeeting();
        SimResponse live = get(zoom, bearer, qosPath(doubleEncoded(m.uuid())), "page_size", "10");
        assertThat(live.status()).isEqualTo(200);
        JsonNode first = json(live).get("participants").get(0);
        SimParticipant p = m.participant(first.get("user_id").asString()).orElseThrow();
        JsonNode qos = first.get("user_qos");
        assertThat(qos.size()).isEqualTo(QosGenerator.minutes(p, zoom.clock().instant()).size()).isPositive();
        assertThat(qos.get(qos.size() - 1).get("date_time").asString())
                .isEqualTo(zoom.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString());
        assertThat(first.has("leave_time")).as("still in the meeting").isFalse();
    }

    @Test
    void pagesWithOpaqueTokensDefaultingToOneAndCappingAtTen() {
        real.advance(Duration.ofMinutes(8));
        SimMeeting m = firstMeeting();
        String path = qosPath(doubleEncoded(m.uuid()));
        int present = (int) m.participants().stream().filter(p -> !p.join().isAfter(zoom.clock().instant())).count();

        SimResponse one = get(zoom, bearer, path);
        assertThat(json(one).get("page_size").asInt()).isEqualTo(1);
        assertThat(json(one).get("participants").size()).isEqualTo(1);
        assertThat(json(one).get("page_count").asInt()).isEqualTo(present);
        assertThat(json(one).get("total_records").asInt()).isEqualTo(present);

        assertThat(json(get(zoom, bearer, path, "page_size", "50")).get("page_size").asInt()).isEqualTo(10);

        List<String> seen = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            SimResponse page = next.isEmpty() ? get(zoom, bearer, path, "page_size", "3")
                    : get(zoom, bearer, path, "page_size", "3", "next_page_token", next);
            assertThat(page.status()).isEqualTo(200);
            json(page).get("participants").forEach(p -> seen.add(p.get("user_id").asString()));
            next = json(page).get("next_page_token").asString();
            pages++;
        } while (!next.isEmpty());
        assertThat(pages).isEqualTo((present + 2) / 3);
        assertThat(seen).hasSize(present).doesNotHaveDuplicates();
    }

    @Test
    void pageTokensExpireAfterFifteenSimulatedMinutes() {
        real.advance(Duration.ofMinutes(8));
        SimMeeting m = firstMeeting();
        String path = qosPath(doubleEncoded(m.uuid()));
        String next = json(get(zoom, bearer, path)).get("next_page_token").asString();
        assertThat(next).isNotEmpty();

        real.advance(Duration.ofMinutes(15));
        assertThat(get(zoom, bearer, path, "next_page_token", next).status()).as("at 15 min still valid").isEqualTo(200);
        real.advance(Duration.ofSeconds(1));
        SimResponse expired = get(zoom, bearer, path, "next_page_token", next);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(json(expired).get("code").asInt()).isEqualTo(300);
        assertThat(get(zoom, bearer, path, "next_page_token", "made-up").status()).isEqualTo(400);
    }

    @Test
    void servesOneParticipantsQosAndTheParticipantList() {
        real.advance(Duration.ofMinutes(8));
        SimMeeting m = firstMeeting();
        SimParticipant host = m.participants().stream().filter(p -> p.index() == 0).findFirst().orElseThrow();
        String base = "/v2/metrics/meetings/" + doubleEncoded(m.uuid()) + "/participants";

        SimResponse one = get(zoom, bearer, base + "/" + host.userId() + "/qos");
        assertThat(one.status()).isEqualTo(200);
        assertThat(json(one).get("user_id").asString()).isEqualTo(host.userId());
        assertThat(json(one).get("user_qos").size()).isEqualTo(zoom.groundTruth().samples(m, host).size());
        assertThat(get(zoom, bearer, base + "/99/qos").status()).isEqualTo(404);

        SimResponse list = get(zoom, bearer, base);
        JsonNode body = json(list);
        assertThat(body.get("page_size").asInt()).isEqualTo(30);
        JsonNode first = body.get("participants").get(0);
        assertThat(first.get("status").asString()).isEqualTo("in_meeting");
        assertThat(first.get("network_type").asString()).isIn("Wired", "Wifi", "Cellular");
        assertThat(json(get(zoom, bearer, base, "page_size", "1000")).get("page_size").asInt()).isEqualTo(300);
    }

    @Test
    void meetingsOfAnotherAccountAndUnknownOnesAre404With3001() {
        real.advance(Duration.ofMinutes(5));
        SimMeeting theirs = zoom.groundTruth().meetings().stream()
                .filter(x -> !x.accountId().equals(ACCOUNT)).findFirst().orElseThrow();
        SimResponse r = get(zoom, bearer, qosPath(doubleEncoded(theirs.uuid())));
        assertThat(r.status()).isEqualTo(404);
        assertThat(json(r).get("code").asInt()).isEqualTo(3001);
        assertThat(get(zoom, bearer, qosPath("12345")).status()).isEqualTo(404);
        assertThat(get(zoom, bearer, "/v2/metrics/nothing").status()).isEqualTo(404);
    }
}
