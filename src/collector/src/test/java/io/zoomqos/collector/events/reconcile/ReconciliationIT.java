package io.zoomqos.collector.events.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zoomqos.collector.polling.MeetingSignal;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.store.Meeting;
import io.zoomqos.collector.store.MeetingRepository;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import io.zoomqos.collector.zoom.LiveMeeting;
import io.zoomqos.collector.zoom.PastMeeting;
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
    private static final PastWindow WINDOW = new PastWindow(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofDays(1));

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
    private List<PastMeeting> zoomPastLists = List.of();
    private final List<PastWindow.Range> pastCalls = new CopyOnWriteArrayList<>();
    private Disposable listening;
    private String account;
    private Reconciliation reconciliation;

    @BeforeEach
    void setUp() {
        account = "acct-" + UUID.randomUUID();
        listening = signals.flux().filter(s -> s.accountId().equals(account)).subscribe(seen::add);
        reconciliation = reconciliation(this::zoomLive, this::zoomPast);
    }

    @AfterEach
    void tearDown() {
        listening.dispose();
    }

    private Reconciliation reconciliation(java.util.function.BiFunction<String, LocalDate, Flux<LiveMeeting>> live,
                                          PastMeetings past) {
        return new Reconciliation(live, past, new ReconcileRepository(db), signals, GRACE, WINDOW,
                Clock.fixed(now, ZoneOffset.UTC), Clock.fixed(now, ZoneOffset.UTC), meters);
    }

    private Flux<PastMeeting> zoomPast(String accountId, Instant from, Instant to) {
        pastCalls.add(new PastWindow.Range(from, to));
        return Flux.fromIterable(zoomPastLists);
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
                .expectNext(new Reconciliation.Result(1, 1, 0, 0, 0)).verifyComplete();

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
                .expectNext(new Reconciliation.Result(1, 0, 1, 0, 0)).verifyComplete();

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

        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0, 0, 0)).verifyComplete();
        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 1, 0, 0)).verifyComplete();

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
                .expectNext(new Reconciliation.Result(1, 0, 0, 0, 0)).verifyComplete();

        assertThat(meetings.findByUuid(uuid).block().state().dbValue()).isEqualTo("ended");
        assertThat(seen).isEmpty();
    }

    @Test
    void aMeetingAnEventBroughtInWhileTheListWasOnItsWayIsNotEndedByThatList() {
        String late = uuid();
        // Zoom's start is old by our clock (a simulator behind it, or a list lagging its events),
        // but the meeting became known to us only after the list was asked for: the list predates it.
        reconciliation = reconciliation((a, d) -> insertLive(late, now.minus(Duration.ofMinutes(30)))
                .thenMany(Flux.<LiveMeeting>empty()), this::zoomPast);

        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0, 0, 0)).verifyComplete();

        assertThat(meetings.findByUuid(late).block().state().dbValue()).isEqualTo("live");
        assertThat(seen).isEmpty();
    }

    @Test
    void aMeetingThatCameInDuringOneListAndIsMissingFromTheNextIsMissedOnceNotTwice() {
        String late = uuid();
        // A start ahead of our clock never ages past the grace, so only "missed twice" could end it.
        reconciliation = reconciliation((a, d) -> Mono.defer(() -> {
            zoomCalls.add(a);
            return zoomCalls.size() == 1 ? insertLive(late, now.plus(Duration.ofMinutes(30))) : Mono.<Void>empty();
        }).thenMany(Flux.<LiveMeeting>empty()), this::zoomPast);

        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0, 0, 0)).verifyComplete();
        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 0, 0, 0)).verifyComplete();
        assertThat(meetings.findByUuid(late).block().state().dbValue()).isEqualTo("live");

        // Missing from a second list it was known before: now it has ended.
        StepVerifier.create(reconciliation.run(account)).expectNext(new Reconciliation.Result(0, 0, 1, 0, 0)).verifyComplete();
        assertThat(meetings.findByUuid(late).block().closedBy()).isEqualTo("reconcile-not-listed");
    }

    @Test
    void aZoomFailureChangesNothingAndIsCounted() {
        String uuid = uuid();
        live(uuid, now.minus(Duration.ofMinutes(30)));
        reconciliation = reconciliation((a, d) -> Flux.error(new IllegalStateException("zoom down")), this::zoomPast);

        StepVerifier.create(reconciliation.run(account)).verifyError(IllegalStateException.class);

        assertThat(meetings.findByUuid(uuid).block().state().dbValue()).isEqualTo("live");
        assertThat(meters.find("qos.reconcile.runs").tag("outcome", "failed").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aMeetingThatStartedAndEndedUnseenIsAdoptedAsEndedWithZoomsTimesAndSweptOnce() {
        String uuid = uuid();
        Instant start = now.minus(Duration.ofMinutes(9));
        Instant end = now.minus(Duration.ofMinutes(3));
        zoomPastLists = List.of(new PastMeeting(uuid, 77L, "Short", start, end));

        StepVerifier.create(reconciliation.run(account))
                .expectNext(new Reconciliation.Result(0, 0, 0, 1, 1)).verifyComplete();

        Meeting m = meetings.findByUuid(uuid).block();
        assertThat(m.state().dbValue()).isEqualTo("ended");
        assertThat(m.startTime()).isEqualTo(start);
        assertThat(m.endTime()).isEqualTo(end);
        assertThat(m.discoveredBy()).isEqualTo("reconcile-past");
        assertThat(m.closedBy()).isEqualTo("reconcile-past");
        assertThat(seen).containsExactly(new MeetingSignal(account, uuid, 77L, MeetingSignal.Kind.ENDED, end));
        assertThat(meters.find("qos.reconcile.meetings").tag("action", "adopted-ended").counter().count()).isEqualTo(1.0);

        // The next run's window overlaps this one: Zoom lists it again, and it is not handed to a sweep again,
        // nor after it was swept.
        db.sql("UPDATE meeting SET sweep_state = 'swept' WHERE meeting_uuid = $1").bind(0, uuid).then().block();
        StepVerifier.create(reconciliation.run(account))
                .expectNext(new Reconciliation.Result(0, 0, 0, 1, 0)).verifyComplete();
        assertThat(seen).hasSize(1);
        assertThat(db.sql("SELECT sweep_state FROM meeting WHERE meeting_uuid = $1").bind(0, uuid)
                .map(r -> r.get("sweep_state", String.class)).one().block()).isEqualTo("swept");
    }

    @Test
    void aMeetingWeThinkLiveThatZoomListsAsEndedIsEndedWithZoomsEndTime() {
        String uuid = uuid();
        Instant end = now.minus(Duration.ofMinutes(1));
        live(uuid, now.minus(Duration.ofSeconds(90)));
        zoomLists = List.of(new LiveMeeting(uuid, 1L, null, now.minus(Duration.ofSeconds(90)), 2)); // the live list lags
        zoomPastLists = List.of(new PastMeeting(uuid, 1L, null, now.minus(Duration.ofSeconds(90)), end));

        StepVerifier.create(reconciliation.run(account))
                .expectNext(new Reconciliation.Result(1, 0, 1, 1, 0)).verifyComplete();

        Meeting m = meetings.findByUuid(uuid).block();
        assertThat(m.endTime()).isEqualTo(end);
        assertThat(m.closedBy()).isEqualTo("reconcile-past");
        assertThat(seen).containsExactly(new MeetingSignal(account, uuid, 1L, MeetingSignal.Kind.ENDED, end));
    }

    @Test
    void theFirstRunLooksBackBoundedAndARestartContinuesFromTheStoredWatermark() {
        StepVerifier.create(reconciliation.run(account)).expectNextCount(1).verifyComplete();
        assertThat(pastCalls).containsExactly(new PastWindow.Range(now.minus(Duration.ofHours(1)), now));

        // A new instance (a restart, or the replica that takes the account over), 10 minutes on.
        Instant later = now.plus(Duration.ofMinutes(10));
        Reconciliation restarted = new Reconciliation(this::zoomLive, this::zoomPast, new ReconcileRepository(db), signals,
                GRACE, WINDOW, Clock.fixed(later, ZoneOffset.UTC), Clock.fixed(later, ZoneOffset.UTC), meters);
        StepVerifier.create(restarted.run(account)).expectNextCount(1).verifyComplete();

        assertThat(pastCalls).element(1).isEqualTo(new PastWindow.Range(now.minus(Duration.ofMinutes(5)), later));
    }

    @Test
    void aFailedPastListingKeepsTheWatermarkSoTheNextRunListsTheSameWindowAgain() {
        String uuid = uuid();
        Instant end = now.minus(Duration.ofMinutes(20));
        PastMeetings failingAfterOne = (a, from, to) -> {
            pastCalls.add(new PastWindow.Range(from, to));
            return Flux.concat(Flux.just(new PastMeeting(uuid, 5L, null, end.minus(Duration.ofMinutes(5)), end)),
                    Flux.error(new IllegalStateException("page 2 failed")));
        };
        reconciliation = reconciliation(this::zoomLive, failingAfterOne);

        StepVerifier.create(reconciliation.run(account)).verifyError(IllegalStateException.class);
        assertThat(meters.find("qos.reconcile.runs").tag("outcome", "failed").counter().count()).isEqualTo(1.0);
        assertThat(new ReconcileRepository(db).pastCovered(account).blockOptional()).isEmpty();

        zoomPastLists = List.of(new PastMeeting(uuid, 5L, null, end.minus(Duration.ofMinutes(5)), end));
        reconciliation = reconciliation(this::zoomLive, this::zoomPast);
        StepVerifier.create(reconciliation.run(account))
                .expectNext(new Reconciliation.Result(0, 0, 0, 1, 0)).verifyComplete();

        assertThat(pastCalls).hasSize(2).allMatch(r -> r.equals(pastCalls.get(0)));
        // The meeting adopted before the failure was handed to its sweep once only.
        assertThat(seen).containsExactly(new MeetingSignal(account, uuid, 5L, MeetingSignal.Kind.ENDED, end));
        assertThat(new ReconcileRepository(db).pastCovered(account).block()).isEqualTo(now);
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
