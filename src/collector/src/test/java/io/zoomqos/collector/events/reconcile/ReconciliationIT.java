package io.zoomqos.collector.events.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.store.Meeting;
import io.zoomqos.collector.store.MeetingRepository;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.zoom.LiveMeeting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Reconciliation against Zoom's live list, on a real PostgreSQL: what it adopts, what it ends, what it leaves. */
class ReconciliationIT extends CollectorIntegrationTest {

    private static final Duration GRACE = Duration.ofMinutes(2);

    @Autowired
    DatabaseClient db;
    @Autowired
    MeetingRepository meetings;
    @Autowired
    MeetingSignals signals;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<MeetingSignal> seen = new CopyOnWriteArrayList<>();
    private final List<String> zoomCalls = new CopyOnWriteArrayList<>();
    private List<LiveMeeting> zoomLists = List.of();
    private Disposable listening;
    private String account;
    private Reconciliation reconciliation;

    @BeforeEach
    void setUp() {
        account = "acct-" + UUID.randomUUID();
        listening = signals.flux().filter(s -> s.accountId().equals(account)).subscribe(seen::add);
        reconciliation = new Reconciliation(this::zoomLive, new ReconcileRepository(db), signals, GRACE,
                Clock.fixed(now, ZoneOffset.UTC), meters);
    }

    @AfterEach
    void tearDown() {
        listening.dispose();
    }

    private Flux<LiveMeeting> zoomLive(String accountId, LocalDate today) {
        zoomCalls.add(accountId + " " + today);
        return Flux.fromIterable(zoomLists);
    }

    @Test
    void aLiveMeetingWeNeverHeardOfIsAdoptedWithZoomsStartAndItsCause() {
        String uuid = uuid();
        Instant start = now.minus(Duration.ofMinutes(7));
        zoomLists = List.of(new LiveMeeting(uuid, 123L, "Standup", start, 5));

        StepVerifier.create(reconciliation.run(account))
                .expectNext(new Reconciliation.Result(1, 1, 0)).verifyComplete();

        Meeting m = meetings.findByUuid(uuid).block();
        assertThat(m.state().dbValue()).isEqualTo("live");
        assertThat(m.startTime()).isEqualTo(start);
        assertThat(m.discoveredBy()).isEqualTo("reconcile");
        assertThat(m.meetingId()).isEqualTo(123L);
        assertThat(seen).containsExactly(new MeetingSignal(account, uuid, 123L, MeetingSignal.Kind.STARTED, start));
        assertThat(meters.find("qos.reconcile.meetings").tag("action", "adopted").counter().count()).isEqualTo(1.0);
        assertThat(zoomCalls).containsExactly(account + " " + LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    @Test
    void aMeetingWeThinkLiveThatZoomNoLongerListsIsEndedWithItsCause() {
        String gone = uuid();
        String young = uuid();
        String listed = uuid();
        live(gone, now.minus(Duration.ofMinutes(30)));
        live(young, now.minus(Duration.ofSeconds(30)));
        live(listed, now.minus(Duration.ofMinutes(30)));
        zoomLists = List.of(new LiveMeeting(listed, 1L, null, now.minus(Duration.ofMinutes(30)), 2));

        StepVerifier.create(reconciliation.run(account))
                .expectNext(new Reconciliation.Result(1, 0, 1)).verifyComplete();

        Meeting ended = meetings.findByUuid(gone).block();
        assertThat(ended.state().dbValue()).isEqualTo("ended");
        assertThat(ended.closedBy()).isEqualTo("reconcile-not-listed");
        assertThat(ended.endTime()).isEqualTo(now);
        // Zoom's list lags its events: a meeting that just started is not ended for missing from it.
        assertThat(meetings.findByUuid(young).block().state().dbValue()).isEqualTo("live");
        assertThat(meetings.findByUuid(listed).block().state().dbValue()).isEqualTo("live");
        assertThat(seen).containsExactly(new MeetingSignal(account, gone, 1L, MeetingSignal.Kind.ENDED, now));
        assertThat(meters.find("qos.reconcile.meetings").tag("action", "ended").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aYoungMeetingMissingFromTwoListsInARowIsEnded() {
        String young = uuid();
        // A start ahead of our clock (a simulator running faster than real time) never ages past the grace.
        live(young, now.plus(Duration.ofMinutes(30)));

        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0)).verifyComplete();
        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 1)).verifyComplete();

        assertThat(meetings.findByUuid(young).block().closedBy()).isEqualTo("reconcile-not-listed");
    }

    @Test
    void aMeetingThatEndedForUsIsNeverReopenedByALaggingList() {
        String uuid = uuid();
        live(uuid, now.minus(Duration.ofMinutes(30)));
        db.sql("UPDATE meeting SET state = 'ended', end_time = $2 WHERE meeting_uuid = $1")
                .bind(0, uuid).bind(1, now.atOffset(ZoneOffset.UTC)).then().block();
        zoomLists = List.of(new LiveMeeting(uuid, 1L, null, now.minus(Duration.ofMinutes(30)), 2));

        StepVerifier.create(reconciliation.run(account))
                .expectNext(new Reconciliation.Result(1, 0, 0)).verifyComplete();

        assertThat(meetings.findByUuid(uuid).block().state().dbValue()).isEqualTo("ended");
        assertThat(seen).isEmpty();
    }

    @Test
    void aMeetingAnEventBroughtInWhileTheListWasOnItsWayIsNotEndedByThatList() {
        String late = uuid();
        // Zoom's start is old by our clock (a simulator behind it, or a list lagging its events),
        // but the meeting became known to us only after the list was asked for: the list predates it.
        reconciliation = new Reconciliation((a, d) -> insertLive(late, now.minus(Duration.ofMinutes(30)))
                .thenMany(Flux.<LiveMeeting>empty()), new ReconcileRepository(db), signals, GRACE, Clock.fixed(now, ZoneOffset.UTC), meters);

        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0)).verifyComplete();

        assertThat(meetings.findByUuid(late).block().state().dbValue()).isEqualTo("live");
        assertThat(seen).isEmpty();
    }

    @Test
    void aMeetingThatCameInDuringOneListAndIsMissingFromTheNextIsMissedOnceNotTwice() {
        String late = uuid();
        // A start ahead of our clock never ages past the grace, so only "missed twice" could end it.
        reconciliation = new Reconciliation((a, d) -> Mono.defer(() -> {
            zoomCalls.add(a);
            return zoomCalls.size() == 1 ? insertLive(late, now.plus(Duration.ofMinutes(30))) : Mono.<Void>empty();
        }).thenMany(Flux.<LiveMeeting>empty()), new ReconcileRepository(db), signals, GRACE, Clock.fixed(now, ZoneOffset.UTC), meters);

        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0)).verifyComplete();
        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0)).verifyComplete();
        assertThat(meetings.findByUuid(late).block().state().dbValue()).isEqualTo("live");

        // Missing from a second list it was known before: now it has ended.
        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 1)).verifyComplete();
        assertThat(meetings.findByUuid(late).block().closedBy()).isEqualTo("reconcile-not-listed");
    }

    @Test
    void aZoomFailureChangesNothingAndIsCounted() {
        String uuid = uuid();
        live(uuid, now.minus(Duration.ofMinutes(30)));
        reconciliation = new Reconciliation((a, d) -> Flux.error(new IllegalStateException("zoom down")),
                new ReconcileRepository(db), signals, GRACE, Clock.fixed(now, ZoneOffset.UTC), meters);

        StepVerifier.create(reconciliation.run(account)).verifyError(IllegalStateException.class);

        assertThat(meetings.findByUuid(uuid).block().state().dbValue()).isEqualTo("live");
        assertThat(meters.find("qos.reconcile.runs").tag("outcome", "failed").counter().count()).isEqualTo(1.0);
    }

    private void live(String uuid, Instant start) {
        insertLive(uuid, start).block();
    }

    /** As an event would, from inside a pipeline (where blocking is not allowed). */
    private Mono<Void> insertLive(String uuid, Instant start) {
        return db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time) VALUES ($1, 1, $2, 'live', $3)")
                .bind(0, uuid).bind(1, account).bind(2, start.atOffset(ZoneOffset.UTC)).then();
    }

    private static String uuid() {
        return "rec-" + UUID.randomUUID() + "==";
    }
}
