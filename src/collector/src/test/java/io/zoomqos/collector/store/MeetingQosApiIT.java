package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class MeetingQosApiIT extends CollectorIntegrationTest {

    // Relative to the real clock: the retention job of the running service uses it.
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    QosRepository samples;
    @Autowired
    ParticipantRepository participants;
    @Autowired
    Summaries summaries;

    /** A meeting with 3 participants x 5 minutes; returns its uuid. */
    private String meeting(String uuid) {
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time) VALUES ($1, 42, 'AbCdEfGhIjKlMnOpQrStUv', 'ended', $2)")
                .bind(0, uuid).bind(1, T0).then().block();
        List<QosSample> rows = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int m = 0; m < 5; m++) {
                rows.add(new QosSample(uuid, "u:" + p, T0.plus(Duration.ofMinutes(m)),
                        Map.of(StreamKind.AUDIO_INPUT, new StreamMetrics(30.0 + m, p == 2 ? 400.0 : 20.0, 2.0, 0.5, 1.0, null, null, null)),
                        new CpuMetrics(1.0, 2.5, 4.0, 30.0)));
            }
        }
        samples.saveSamples(rows).block();
        participants.upsert(List.of(new ParticipantInfo(uuid, "u:0", "0", "puuid0", "Ann", "Mac", "DE", "Wifi", T0, null, "6.1"),
                new ParticipantInfo(uuid, "u:1", "1", "puuid1", "Bob", "Windows", "US", "Wired", T0, null, "6.1"))).block();
        summaries.recompute(uuid).block();
        return uuid;
    }

    /** GET {@code /api/v1/meetings/{uuid}<rest>?<query>}, the uuid strictly encoded (%2F, %2B, %3D). */
    private WebTestClient.RequestHeadersSpec<?> get(String uuid, String rest, String query) {
        return web.get().uri(b -> b.path("/api/v1/meetings/{uuid}" + rest).query(query).build(uuid));
    }

    @Test
    void listsParticipantsWithSummariesForAUuidContainingSlashPlusAndEquals() {
        String uuid = meeting("aB/c+d//E==");

        get(uuid, "/participants", null).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.meetingUuid").isEqualTo(uuid)
                .jsonPath("$.participants.length()").isEqualTo(3)
                .jsonPath("$.participants[0].participantKey").isEqualTo("u:0")
                .jsonPath("$.participants[0].device").isEqualTo("Mac")
                .jsonPath("$.participants[0].summary.minutesWithData").isEqualTo(5)
                .jsonPath("$.participants[0].summary.poor").isEqualTo(false)
                .jsonPath("$.participants[0].summary.streams[0].stream").isEqualTo("audio_input")
                .jsonPath("$.participants[2].participantKey").isEqualTo("u:2")
                .jsonPath("$.participants[2].userName").doesNotExist()
                .jsonPath("$.participants[2].summary.poor").isEqualTo(true);
    }

    @Test
    void meetingSummaryAndUnknownMeetingAsProblem() {
        String uuid = meeting("summary-meeting==");

        get(uuid, "/summary", null).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.participants").isEqualTo(3)
                .jsonPath("$.poorParticipants").isEqualTo(1)
                .jsonPath("$.minutesWithData").isEqualTo(15)
                .jsonPath("$.streams[0].latencyMs.max").isEqualTo(400.0);

        for (String[] rest : List.of(new String[] {"/summary", null}, new String[] {"/participants", null},
                new String[] {"/qos", null}, new String[] {"/qos", "format=csv"})) {
            get("no/such+meeting=", rest[0], rest[1]).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.meetingUuid").isEqualTo("no/such+meeting=");
        }
    }

    @Test
    void pagesThroughSamplesWithKeysetCursorsInMinuteOrder() {
        String uuid = meeting("paging/meeting");
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String q = "limit=4" + (next == null ? "" : "&after=" + next);
            SamplePageJson page = get(uuid, "/qos", q).exchange()
                    .expectStatus().isOk()
                    .expectBody(SamplePageJson.class).returnResult().getResponseBody();
            page.items().forEach(i -> seen.add(i.minute() + " " + i.participantKey()));
            next = page.next();
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(4); // 15 rows by 4
        assertThat(seen).hasSize(15).doesNotHaveDuplicates().isSorted();
    }

    record SamplePageJson(List<Item> items, String next) {
        record Item(long id, String participantKey, Instant minute) {
        }
    }

    @Test
    void filtersByParticipantAndHalfOpenTimeRange() {
        String uuid = meeting("filter-meeting");
        String from = T0.plus(Duration.ofMinutes(1)).toString();
        String to = T0.plus(Duration.ofMinutes(3)).toString();

        get(uuid, "/qos", "participant=u:1&from=" + from + "&to=" + to).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].participantKey").isEqualTo("u:1")
                .jsonPath("$.items[0].minute").isEqualTo(from)
                .jsonPath("$.items[0].streams.audio_input.latencyMs").isEqualTo(20.0)
                .jsonPath("$.items[0].cpu.zoomAvgPct").isEqualTo(2.5)
                .jsonPath("$.next").doesNotExist();
    }

    @Test
    void exportsCsvWithHeaderAndOneWideRowPerParticipantMinute() {
        String uuid = meeting("csv/meeting=");

        for (var request : List.of(
                get(uuid, "/qos", "format=csv"),
                get(uuid, "/qos", null).accept(MediaType.parseMediaType("text/csv")))) {
            String body = request.exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                    .expectBody(String.class).returnResult().getResponseBody();
            String[] lines = body.split("\r\n");
            assertThat(lines).hasSize(16);
            assertThat(lines[0]).startsWith("meeting_uuid,participant_key,minute,audio_input_bitrate_kbps,audio_input_latency_ms,")
                    .endsWith(",cpu_system_max_pct");
            assertThat(lines[0].split(",", -1)).hasSize(3 + SampleColumns.VALUES.size());
            assertThat(lines[1]).startsWith(uuid + ",u:0," + T0 + ",30,20,2,0.5,1,,,,");
            assertThat(lines[1]).endsWith(",1,2.5,4,30");
            assertThat(lines[1].split(",", -1)).hasSize(3 + SampleColumns.VALUES.size());
        }
    }

    @Test
    void rejectsBadParametersWithProblemJson() {
        String uuid = meeting("bad-params");
        String later = T0.plus(Duration.ofMinutes(5)).toString();
        for (String q : List.of("from=yesterday", "to=2026-13-01T00:00:00Z", "from=" + later + "&to=" + T0, "limit=0",
                "limit=1001", "limit=ten", "format=xml", "after=not-a-cursor")) {
            get(uuid, "/qos", q).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(400).jsonPath("$.detail").exists();
        }
    }

    @Test
    void countsWrittenSamplesByOutcome() {
        meeting("metrics-meeting");

        management().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("qos_store_samples_written_total{outcome=\"inserted\"}")
                        .contains("qos_store_batch_size_count"));
    }
}
