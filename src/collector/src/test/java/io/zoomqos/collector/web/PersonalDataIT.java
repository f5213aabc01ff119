package io.zoomqos.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.LiveEventLog;
import io.zoomqos.collector.live.QosFeed;
import io.zoomqos.collector.live.SamplePayload;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.store.ParticipantSummary;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.Summaries;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.support.ItAuthentication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Personal data leaves only to callers with scope {@code qos.read.pii}, on every read surface:
 * with the it profile's two static tokens (every scope; {@code qos.read} only), the meeting list,
 * one meeting, its participants, its samples as JSON pages and CSV, and the SSE feed (replayed and
 * live) carry names, user ids, devices, locations, participant keys and host ids for the first;
 * for the second none of them, and stable pseudonyms in place of the keys and host ids that the
 * participant filters and paging cursors take back.
 */
class PersonalDataIT extends CollectorIntegrationTest {

    /** The it profile's second static token: scope qos.read only (application-it.yml). */
    static final String READ_ONLY = "Bearer it-token-read-only-NOT-A-SECRET";

    static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    static final String UUID = "pii/meeting+1==";
    static final String HOST = "host-grace-hopper-77";
    static final String GRACE = "u:grace.hopper@example.com";
    static final String ADA = "u:ada-lovelace-1815";
    /** Everything of the people in this meeting that a qos.read caller must never get. */
    static final List<String> PERSONAL = List.of(HOST, GRACE, ADA, "grace.hopper", "ada-lovelace", "Grace Hopper",
            "Ada Lovelace", "puuid-grace", "MacBook Pro", "Arlington");
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() { };
    private static final Pattern PSEUDONYM = Pattern.compile("x:[A-Za-z0-9_-]+");

    @Autowired
    DatabaseClient db;
    @Autowired
    ParticipantRepository participants;
    @Autowired
    QosRepository samples;
    @Autowired
    Summaries summaries;
    @Autowired
    LiveEventLog log;
    @Autowired
    QosFeed feed;
    @LocalServerPort
    int port;

    private static boolean stored;

    @BeforeEach
    void meetingWithTwoPeople() {
        if (stored) {
            return;
        }
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, host_id, topic, state, start_time) "
                        + "VALUES ($1, 7, $2, $3, 'Weekly sync', 'live', $4)")
                .bind(0, UUID).bind(1, ACCOUNT).bind(2, HOST).bind(3, T0).then().block(Duration.ofSeconds(10));
        participants.upsert(List.of(
                new ParticipantInfo(UUID, GRACE, "grace.hopper@example.com", "puuid-grace", "Grace Hopper", "MacBook Pro",
                        "Arlington", "Wifi", T0, null, "6.1"),
                new ParticipantInfo(UUID, ADA, "ada-lovelace-1815", null, "Ada Lovelace", "Windows", "London", "Wired",
                        T0, null, "6.1"))).block(Duration.ofSeconds(10));
        List<QosSample> rows = new ArrayList<>();
        for (String key : List.of(GRACE, ADA)) {
            for (int m = 0; m < 3; m++) {
                rows.add(sample(key, m));
            }
        }
        samples.saveSamples(rows).block(Duration.ofSeconds(10));
        summaries.recompute(UUID).block(Duration.ofSeconds(10));
        log.append(FeedEvent.Type.SUMMARY, ACCOUNT, UUID, GRACE,
                new ParticipantSummary(UUID, GRACE, 3, 0, false, T0, List.of())).block(Duration.ofSeconds(10));
        stored = true;
    }

    private static QosSample sample(String key, int minute) {
        return new QosSample(UUID, key, T0.plus(Duration.ofMinutes(minute)),
                Map.of(StreamKind.AUDIO_INPUT, new StreamMetrics(30.0, 20.0, 2.0, 0.5, 1.0, null, null, null)),
                new CpuMetrics(1.0, 2.5, 4.0, 30.0));
    }

    private WebTestClient client(String authorization) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(HttpHeaders.AUTHORIZATION, authorization).build();
    }

    private String get(String authorization, String path, Object... vars) {
        byte[] body = client(authorization).get().uri(path, vars).accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    private String csv(String authorization) {
        byte[] body = client(authorization).get().uri("/api/v1/meetings/{uuid}/qos?format=csv", UUID).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Set<String> pseudonyms(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PSEUDONYM.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static void hasNothingPersonal(String surface, String body) {
        for (String personal : PERSONAL) {
            assertThat(body).as(surface).doesNotContain(personal);
        }
    }

    @Test
    void withThePiiScopeEverySurfaceShowsThePeople() {
        String all = ItAuthentication.AUTHORIZATION;
        assertThat(get(all, "/api/v1/meetings?state=live")).contains(HOST);
        assertThat(get(all, "/api/v1/meetings/{uuid}", UUID)).contains(HOST);
        assertThat(get(all, "/api/v1/meetings/{uuid}/participants", UUID))
                .contains(GRACE, "Grace Hopper", "puuid-grace", "MacBook Pro", "Arlington", ADA);
        assertThat(get(all, "/api/v1/meetings/{uuid}/qos", UUID)).contains(GRACE, ADA);
        assertThat(get(all, "/api/v1/meetings/{uuid}/qos?participant={p}", UUID, GRACE)).contains(GRACE).doesNotContain(ADA);
        assertThat(csv(all)).contains(GRACE, ADA);
        assertThat(String.join("\n", replay(all, null))).contains(GRACE, ADA);
    }

    @Test
    void withoutThePiiScopeNoSurfaceShowsThePeopleButStablePseudonyms() {
        String list = get(READ_ONLY, "/api/v1/meetings?state=live");
        String one = get(READ_ONLY, "/api/v1/meetings/{uuid}", UUID);
        String people = get(READ_ONLY, "/api/v1/meetings/{uuid}/participants", UUID);
        String page = get(READ_ONLY, "/api/v1/meetings/{uuid}/qos", UUID);
        String csv = csv(READ_ONLY);
        List<String> replayed = replay(READ_ONLY, null);
        Map.of("meetings", list, "meeting", one, "participants", people, "samples", page, "csv", csv,
                "sse", String.join("\n", replayed)).forEach(PersonalDataIT::hasNothingPersonal);

        // Still useful: the QoS, the topic, and one pseudonym per participant on every surface.
        assertThat(one).contains("Weekly sync");
        assertThat(people).contains("Wifi", "\"minutesWithData\":3");
        Set<String> participantKeys = pseudonyms(people);
        Set<String> hostId = pseudonyms(one);
        assertThat(hostId).hasSize(1);
        participantKeys.removeAll(hostId);
        assertThat(participantKeys).as("one pseudonym per participant").hasSize(2);
        assertThat(pseudonyms(page)).isEqualTo(participantKeys);
        assertThat(pseudonyms(csv)).isEqualTo(participantKeys);
        assertThat(pseudonyms(String.join("\n", replayed))).isEqualTo(participantKeys);
        assertThat(get(READ_ONLY, "/api/v1/meetings/{uuid}/participants", UUID)).as("stable").isEqualTo(people);
    }

    @Test
    void withoutThePiiScopeFiltersAndCursorsTakePseudonymsAndNeverRawKeys() {
        String people = get(READ_ONLY, "/api/v1/meetings/{uuid}/participants", UUID);
        String grace = pseudonymOf(people, "Wifi");

        String filtered = get(READ_ONLY, "/api/v1/meetings/{uuid}/qos?participant={p}", UUID, grace);
        assertThat(pseudonyms(filtered)).containsExactly(grace);
        assertThat(filtered).contains("\"minute\"");
        // A guessed raw key finds nobody: it must not confirm that someone took part.
        assertThat(get(READ_ONLY, "/api/v1/meetings/{uuid}/qos?participant={p}", UUID, GRACE)).contains("\"items\":[]");

        // Page by page with the cursor, every one of the 6 minutes comes once.
        List<String> minutes = new ArrayList<>();
        String after = null;
        do {
            String body = after == null ? get(READ_ONLY, "/api/v1/meetings/{uuid}/qos?limit=1", UUID)
                    : get(READ_ONLY, "/api/v1/meetings/{uuid}/qos?limit=1&after={a}", UUID, after);
            hasNothingPersonal("page", body);
            Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(body);
            while (id.find()) {
                minutes.add(id.group(1));
            }
            Matcher next = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(body);
            after = next.find() ? next.group(1) : null;
            if (after != null) {
                hasNothingPersonal("cursor", new String(java.util.Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8));
            }
        } while (after != null && minutes.size() < 20);
        assertThat(minutes).hasSize(6).doesNotHaveDuplicates();

        // The live feed: only the pseudonymous participant asked for, live after the replay.
        List<String> live = new ArrayList<>();
        StepVerifier.create(stream(READ_ONLY, "?meeting={m}&participant={p}", UUID, grace)
                        .filter(e -> "sample".equals(e.event())))
                .then(() -> {
                    feed.publish(FeedEvent.sample(ACCOUNT, 990_001, SamplePayload.of(sample(ADA, 9))));
                    feed.publish(FeedEvent.sample(ACCOUNT, 990_002, SamplePayload.of(sample(GRACE, 9))));
                })
                .assertNext(e -> live.add(e.data()))
                .thenCancel()
                .verify(Duration.ofSeconds(30));
        assertThat(live.get(0)).contains("\"seq\":990002", "\"participantKey\":\"" + grace + "\"");
        hasNothingPersonal("live sample", live.get(0));

        assertThat(replay(READ_ONLY, GRACE)).as("a raw key in the stream filter finds nobody")
                .noneMatch(e -> e.contains("\"participantKey\":\"x:"));
    }

    /** The key of the participant on {@code networkType} in a participants response (Grace: Wifi, Ada: Wired). */
    private static String pseudonymOf(String participantsBody, String networkType) {
        for (JsonNode p : JsonMapper.builder().build().readTree(participantsBody).get("participants")) {
            if (networkType.equals(p.path("networkType").asString())) {
                return p.get("participantKey").stringValue();
            }
        }
        throw new AssertionError("no participant on " + networkType + " in " + participantsBody);
    }

    private Flux<ServerSentEvent<String>> stream(String authorization, String query, Object... vars) {
        return client(authorization).get().uri("/api/v1/qos/stream" + query, vars).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
    }

    /** Every event of this meeting replayed from the start, as the caller gets them (data lines). */
    private List<String> replay(String authorization, String participant) {
        String query = participant == null ? "?meeting={m}&lastEventId=0-0" : "?meeting={m}&participant={p}&lastEventId=0-0";
        Object[] vars = participant == null ? new Object[] {UUID} : new Object[] {UUID, participant};
        // Ends when nothing more arrives: the replay is over and no live event comes.
        return stream(authorization, query, vars)
                .filter(e -> e.event() != null && !"ready".equals(e.event()))
                .map(e -> e.event() + " " + e.data())
                .take(Duration.ofSeconds(5))
                .collectList().block(Duration.ofSeconds(30));
    }
}
