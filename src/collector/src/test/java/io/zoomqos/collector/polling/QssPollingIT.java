package io.zoomqos.collector.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.store.Pseudonyms;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.SampleSource;
import io.zoomqos.collector.store.Summaries;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.zoom.MeetingParticipant;
import io.zoomqos.collector.zoom.MetricsType;
import io.zoomqos.collector.zoom.ParticipantQos;
import io.zoomqos.collector.zoom.QosMinute;
import io.zoomqos.collector.zoom.QosPage;
import io.zoomqos.collector.zoom.ZoomClient;
import io.zoomqos.collector.zoom.ZoomClientProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * With QSS on: a meeting whose QSS samples flow costs no live poll, and its final sweep asks Zoom
 * only who was there and fetches only the participants QSS missed.
 */
class QssPollingIT extends CollectorIntegrationTest {

    private static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";

    @Autowired
    DatabaseClient db;
    @Autowired
    QosRepository samples;
    @Autowired
    ParticipantRepository participants;
    @Autowired
    Summaries summaries;
    @Autowired
    FeedPublisher feed;
    @Autowired
    PollingProperties polling;
    @Autowired
    ZoomAccounts accounts;
    @Autowired
    AccountBudgets budgets;
    @Autowired
    ZoomClientProperties clientProperties;
    @Autowired
    MeterRegistry meters;
    @Autowired
    io.zoomqos.collector.store.RosterRepository roster;
    @Autowired
    AttentionService attention;
    @Autowired
    io.zoomqos.collector.store.CoverageRepository coverage;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private RecordingZoom zoom;
    private QosPoller poller;
    private String uuid;

    @BeforeEach
    void setUp() {
        zoom = new RecordingZoom();
        poller = new QosPoller(zoom, participants, samples, summaries, feed, roster, attention, coverage, polling, meters,
                Clock.fixed(now, ZoneOffset.UTC), Pseudonyms.plain(), new QssGate(db, true, Duration.ofMinutes(10)));
        uuid = "qss-poll-" + UUID.randomUUID();
    }

    @Test
    void aMeetingWhoseQssSamplesFlowGetsNoLivePoll() {
        meeting(now.minus(Duration.ofMinutes(2)));

        StepVerifier.create(poller.execute(job(PollJob.Kind.LIVE))).expectNext(PollOutcome.DONE).verifyComplete();

        assertThat(zoom.calls).isEmpty();
    }

    @Test
    void aMeetingWhoseQssStoppedIsPolledAgain() {
        meeting(now.minus(Duration.ofMinutes(30)));

        StepVerifier.create(poller.execute(job(PollJob.Kind.LIVE))).expectNext(PollOutcome.DONE).verifyComplete();

        assertThat(zoom.calls).containsExactly("participants_qos live");
    }

    @Test
    void theSweepOfAQssMeetingFetchesOnlyTheParticipantQssMissed() {
        meeting(now.minus(Duration.ofMinutes(1)));
        Instant join = now.minus(Duration.ofMinutes(6));
        List<QosSample> delivered = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            delivered.add(new QosSample(uuid, "u:1", join.plus(Duration.ofMinutes(m)),
                    Map.of(StreamKind.AUDIO_INPUT, new StreamMetrics(30.0, 20.0, 2.0, 0.0, 0.1, null, null, null)), null));
        }
        StepVerifier.create(samples.saveSamples(delivered, SampleSource.QSS)).expectNextCount(1).verifyComplete();
        zoom.listed = List.of(participant("1", join), participant("2", join));

        StepVerifier.create(poller.execute(job(PollJob.Kind.SWEEP))).expectNext(PollOutcome.DONE).verifyComplete();

        assertThat(zoom.calls).containsExactly("participants past", "participant_qos past 2");
        assertThat(db.sql("SELECT source || ':' || count(*) FROM qos_sample WHERE meeting_uuid = $1 GROUP BY source ORDER BY source")
                .bind(0, uuid).map(r -> r.get(0, String.class)).all().collectList().block())
                .containsExactly("poll:1", "qss:5");
    }

    private void meeting(Instant qssLastAt) {
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time, qss_last_at)"
                        + " VALUES ($1, 1, $2, 'live', $3, $4)")
                .bind(0, uuid).bind(1, ACCOUNT).bind(2, now.minus(Duration.ofMinutes(10)).atOffset(ZoneOffset.UTC))
                .bind(3, qssLastAt.atOffset(ZoneOffset.UTC))
                .then().block();
    }

    private PollJob job(PollJob.Kind kind) {
        return new PollJob(ACCOUNT, uuid, kind, now, 0);
    }

    private MeetingParticipant participant(String userId, Instant join) {
        return new MeetingParticipant(userId, "p" + userId, "someone", "Mac", "US", "Wifi", join, join.plus(Duration.ofMinutes(5)),
                "in_meeting", "6.0");
    }

    /** Zoom as the poller sees it, answering from memory and recording every call. */
    private final class RecordingZoom extends ZoomClient {

        final List<String> calls = new CopyOnWriteArrayList<>();
        List<MeetingParticipant> listed = List.of();

        RecordingZoom() {
            super(ZoomEndpoints.fixed(URI.create("http://127.0.0.1:9"), URI.create("http://127.0.0.1:9")), accounts,
                    budgets, clientProperties, meters, Clock.systemUTC(), Schedulers.parallel());
        }

        @Override
        public Flux<QosPage> participantsQosPages(String accountId, String meetingId, MetricsType type) {
            calls.add("participants_qos " + type.query());
            return Flux.just(new QosPage(List.of(), null, 0));
        }

        @Override
        public Flux<MeetingParticipant> participants(String accountId, String meetingId, MetricsType type) {
            calls.add("participants " + type.query());
            return Flux.fromIterable(listed);
        }

        @Override
        public Mono<ParticipantQos> participantQos(String accountId, String meetingId, String participantId, MetricsType type) {
            calls.add("participant_qos " + type.query() + " " + participantId);
            Instant at = now.minus(Duration.ofMinutes(6));
            return Mono.just(new ParticipantQos(participantId, "p" + participantId, "someone", "Mac", "US", at,
                    at.plus(Duration.ofMinutes(5)), "6.0", List.of(new QosMinute(at, Map.of(), null, null))));
        }
    }
}
