package io.zoomqos.collector.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The planner in virtual time: every timing claim is exact, no wall clock involved. */
class PollPlannerTest {

    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final RecordingEvents events = new RecordingEvents();
    private PollPlanner planner;

    record Run(PollJob job, Instant startedAt) {
    }

    @AfterEach
    void close() {
        if (planner != null) {
            planner.close();
        }
        time.dispose();
    }

    private PollingProperties props(double jitter, int concurrency) {
        return new PollingProperties(true, INTERVAL, jitter, concurrency, Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(8), Duration.ofHours(2), Duration.ofHours(4), 3, Duration.ofMinutes(1), 50);
    }

    /** An executor whose every job takes {@code duration} and ends with what {@code outcome} says. */
    private PollExecutor executor(Duration duration, Function<PollJob, PollOutcome> outcome) {
        return job -> {
            runs.add(new Run(job, now()));
            return Mono.delay(duration, time).map(x -> outcome.apply(job));
        };
    }

    private PollPlanner planner(PollingProperties p, PollExecutor executor) {
        planner = new PollPlanner("acct", p, time, executor, events, new Random(42));
        return planner;
    }

    private Instant now() {
        return Instant.ofEpochMilli(time.now(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private List<Instant> startsOf(String uuid, PollJob.Kind kind) {
        return runs.stream().filter(r -> r.job().meetingUuid().equals(uuid) && r.job().kind() == kind)
                .map(Run::startedAt).toList();
    }

    @Test
    void firstLivePollComesOneIntervalAfterStartAndThenEveryInterval() {
        planner(props(0.0, 4), executor(Duration.ofMillis(200), j -> PollOutcome.DONE));
        Instant start = now();
        planner.meetingStarted("m1", start);

        time.advanceTimeBy(INTERVAL.minusSeconds(1));
        assertThat(runs).isEmpty();

        time.advanceTimeBy(Duration.ofMinutes(11));
        assertThat(startsOf("m1", PollJob.Kind.LIVE)).containsExactly(
                start.plus(INTERVAL), start.plus(INTERVAL.multipliedBy(2)), start.plus(INTERVAL.multipliedBy(3)));
    }

    @Test
    void jitterSpreadsFirstPollsOfMeetingsThatStartTogetherWithinBounds() {
        planner(props(0.2, 64), executor(Duration.ofMillis(10), j -> PollOutcome.DONE));
        Instant start = now();
        for (int i = 0; i < 100; i++) {
            planner.meetingStarted("m" + i, start);
        }
        time.advanceTimeBy(INTERVAL.plusMinutes(2));

        List<Instant> firsts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            firsts.add(startsOf("m" + i, PollJob.Kind.LIVE).get(0));
        }
        assertThat(firsts).allSatisfy(t -> assertThat(t)
                .isBetween(start.plus(INTERVAL), start.plus(INTERVAL).plus(Duration.ofMinutes(1))));
        assertThat(firsts.stream().distinct().count()).as("distinct first-poll instants").isGreaterThan(80);
    }

    @Test
    void underOverloadEveryMeetingsIntervalStretchesEvenly() {
        // Capacity: 2 slots x 1 job per second = 2 polls/s. Demand: 1,200 meetings / 300 s = 4 polls/s.
        planner(props(0.2, 2), executor(Duration.ofSeconds(1), j -> PollOutcome.DONE));
        Instant start = now();
        int meetings = 1200;
        for (int i = 0; i < meetings; i++) {
            planner.meetingStarted("m" + i, start.plusMillis(i * 37L % 60_000));
        }
        time.advanceTimeBy(Duration.ofMinutes(60));

        // Gaps between consecutive polls of each meeting, after the warm-up half hour.
        Instant warm = start.plus(Duration.ofMinutes(30));
        List<Long> gaps = new ArrayList<>();
        Map<String, List<Instant>> byMeeting = new HashMap<>();
        runs.forEach(r -> byMeeting.computeIfAbsent(r.job().meetingUuid(), k -> new ArrayList<>()).add(r.startedAt()));
        assertThat(byMeeting).hasSize(meetings);
        byMeeting.values().forEach(ts -> {
            for (int i = 1; i < ts.size(); i++) {
                if (ts.get(i - 1).isAfter(warm)) {
                    gaps.add(Duration.between(ts.get(i - 1), ts.get(i)).toSeconds());
                }
            }
        });
        long min = Collections.min(gaps);
        long max = Collections.max(gaps);
        // The budget allows 2/s, so each of 1,200 meetings is polled every ~600 s instead of 300 s.
        assertThat(min).isGreaterThanOrEqualTo(INTERVAL.toSeconds());
        assertThat((double) max / min).as("staleness spread max/min, gaps %d..%d s", min, max).isLessThanOrEqualTo(1.1);
        assertThat(planner.snapshot().inFlight()).isLessThanOrEqualTo(2);
    }

    @Test
    void aLatePollIsNotFollowedByCatchUpPolls() {
        List<Duration> durations = new ArrayList<>(List.of(Duration.ofMinutes(12)));
        PollExecutor slowOnce = job -> {
            runs.add(new Run(job, now()));
            Duration d = durations.isEmpty() ? Duration.ofSeconds(1) : durations.remove(0);
            return Mono.delay(d, time).map(x -> PollOutcome.DONE);
        };
        planner(props(0.0, 1), slowOnce);
        Instant start = now();
        planner.meetingStarted("m1", start);
        time.advanceTimeBy(Duration.ofMinutes(30));

        List<Instant> live = startsOf("m1", PollJob.Kind.LIVE);
        assertThat(live.get(0)).isEqualTo(start.plus(INTERVAL));
        assertThat(live.get(1)).isEqualTo(start.plus(INTERVAL).plus(Duration.ofMinutes(12)));   // overdue, runs at once
        for (int i = 2; i < live.size(); i++) {
            assertThat(Duration.between(live.get(i - 1), live.get(i))).isGreaterThanOrEqualTo(INTERVAL);
        }
    }

    @Test
    void dueSweepsGoBeforeDueLivePolls() {
        planner(props(0.0, 1), executor(Duration.ofSeconds(1), j -> PollOutcome.DONE));
        Instant start = now();
        for (int i = 0; i < 50; i++) {
            planner.meetingStarted("live" + i, start);
        }
        planner.meetingStarted("ending", start);
        time.advanceTimeBy(INTERVAL.plusSeconds(5));          // 50 live polls are due, one slot busy
        Instant sweepDue = now().plusSeconds(30);
        planner.meetingEnded("ending", start, now());          // its sweep becomes due 30 s later
        time.advanceTimeBy(Duration.ofSeconds(40));

        Instant sweepStart = startsOf("ending", PollJob.Kind.SWEEP).get(0);
        long liveStartedWhileSweepWaited = runs.stream()
                .filter(r -> r.job().kind() == PollJob.Kind.LIVE)
                .filter(r -> !r.startedAt().isBefore(sweepDue) && r.startedAt().isBefore(sweepStart))
                .count();
        // The one slot was busy with a 1 s live poll when the sweep fell due; the sweep took the slot next.
        assertThat(Duration.between(sweepDue, sweepStart)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(liveStartedWhileSweepWaited).isZero();
        assertThat(runs.stream().filter(r -> r.job().kind() == PollJob.Kind.LIVE).count())
                .as("overdue live polls still waiting").isLessThan(51);
    }

    @Test
    void aSweepStartsEvenWhileLivePollsHoldEverySlotWaitingAtTheBudget() {
        // Live polls that never get a permit (normal calls' share of the day is spent) hang.
        planner(props(0.0, 2), job -> {
            runs.add(new Run(job, now()));
            return job.kind() == PollJob.Kind.LIVE ? Mono.never() : Mono.just(PollOutcome.DONE);
        });
        Instant start = now();
        planner.meetingStarted("a", start);
        planner.meetingStarted("b", start);
        planner.meetingStarted("c", start);
        time.advanceTimeBy(INTERVAL.plusSeconds(1));
        assertThat(planner.snapshot().inFlight()).isEqualTo(2);

        planner.meetingEnded("c", start, now());
        time.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(events.swept).containsExactly("c");
    }

    @Test
    void closingThePlannerCancelsItsRunningJobs() {
        List<String> cancelled = new CopyOnWriteArrayList<>();
        planner(props(0.0, 4), job -> Mono.<PollOutcome>never().doOnCancel(() -> cancelled.add(job.meetingUuid())));
        planner.meetingStarted("m1", now());
        planner.meetingStarted("m2", now());
        time.advanceTimeBy(INTERVAL.plusSeconds(1));

        planner.close();
        assertThat(cancelled).containsExactlyInAnyOrder("m1", "m2");
    }

    @Test
    void sweepRetriesWithDoublingWaitsUntilDataIsReady() {
        Map<String, Integer> notReadyLeft = new ConcurrentHashMap<>(Map.of("m1", 4));
        planner(props(0.0, 4), executor(Duration.ZERO,
                j -> notReadyLeft.merge(j.meetingUuid(), -1, Integer::sum) >= 0 ? PollOutcome.NOT_READY : PollOutcome.DONE));
        Instant end = now();
        planner.meetingEnded("m1", end.minus(Duration.ofMinutes(40)), end);
        time.advanceTimeBy(Duration.ofMinutes(30));

        assertThat(startsOf("m1", PollJob.Kind.SWEEP)).containsExactly(
                end.plusSeconds(30),                   // sweep delay
                end.plusSeconds(30 + 60),              // +1 min
                end.plusSeconds(30 + 60 + 120),        // +2 min
                end.plusSeconds(30 + 60 + 120 + 240),  // +4 min
                end.plusSeconds(30 + 60 + 120 + 240 + 480)); // +8 min (the cap)
        assertThat(events.swept).containsExactly("m1");
        assertThat(planner.tracks("m1")).isFalse();
    }

    @Test
    void sweepIsGivenUpAndRecordedAfterTheLimit() {
        planner(props(0.0, 4), executor(Duration.ZERO, j -> PollOutcome.NOT_READY));
        Instant end = now();
        planner.meetingEnded("m1", end, end);
        time.advanceTimeBy(Duration.ofHours(3));

        assertThat(events.givenUp).containsExactly("m1");
        List<Instant> attempts = startsOf("m1", PollJob.Kind.SWEEP);
        assertThat(attempts.get(attempts.size() - 1)).isAfterOrEqualTo(end.plus(Duration.ofHours(2)));
        assertThat(attempts.get(attempts.size() - 2)).isBefore(end.plus(Duration.ofHours(2)));
        int before = runs.size();
        time.advanceTimeBy(Duration.ofHours(3));
        assertThat(runs).hasSize(before);
    }

    @Test
    void stopRuleClosesAMeetingWhoseEndNeverArrives() {
        planner(props(0.0, 4), executor(Duration.ZERO, j -> PollOutcome.DONE));
        Instant start = now();
        planner.meetingStarted("m1", start);
        time.advanceTimeBy(Duration.ofHours(5));

        assertThat(events.closed).containsExactly("m1:max-live-duration");
        List<Instant> live = startsOf("m1", PollJob.Kind.LIVE);
        assertThat(live.get(live.size() - 1)).isEqualTo(start.plus(Duration.ofHours(4)));
        assertThat(startsOf("m1", PollJob.Kind.SWEEP)).containsExactly(start.plus(Duration.ofHours(4)).plusSeconds(30));
    }

    @Test
    void stopRuleClosesAMeetingZoomKeepsCallingNotLive() {
        planner(props(0.0, 4), executor(Duration.ZERO,
                j -> j.kind() == PollJob.Kind.LIVE ? PollOutcome.NOT_LIVE : PollOutcome.DONE));
        Instant start = now();
        planner.meetingStarted("m1", start);
        time.advanceTimeBy(Duration.ofMinutes(16));

        assertThat(startsOf("m1", PollJob.Kind.LIVE)).hasSize(3);
        assertThat(events.closed).containsExactly("m1:zoom-not-live");
        assertThat(events.swept).containsExactly("m1");
    }

    @Test
    void meetingEndingDuringALivePollIsSweptAfterThatPoll() {
        planner(props(0.0, 4), executor(Duration.ofSeconds(20), j -> PollOutcome.DONE));
        Instant start = now();
        planner.meetingStarted("m1", start);
        time.advanceTimeBy(INTERVAL.plusSeconds(5));    // live poll in flight
        Instant end = now();
        planner.meetingEnded("m1", start, end);
        time.advanceTimeBy(Duration.ofMinutes(10));

        assertThat(startsOf("m1", PollJob.Kind.LIVE)).hasSize(1);
        assertThat(startsOf("m1", PollJob.Kind.SWEEP)).containsExactly(end.plusSeconds(30));
    }

    @Test
    void duplicateSignalsAndReloadsKeepOnePendingJobPerMeeting() {
        planner(props(0.0, 4), executor(Duration.ZERO, j -> PollOutcome.DONE));
        Instant start = now();
        for (int i = 0; i < 5; i++) {
            planner.meetingStarted("m1", start);
            planner.track("m1", start, null, null);
        }
        time.advanceTimeBy(INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(startsOf("m1", PollJob.Kind.LIVE)).hasSize(2);
    }

    @Test
    void restartResumesFromTheLastPollInsteadOfStartingOver() {
        planner(props(0.2, 4), executor(Duration.ZERO, j -> PollOutcome.DONE));
        Instant start = now().minus(Duration.ofMinutes(42));
        Instant lastPolled = now().minus(Duration.ofMinutes(2));
        planner.track("m1", start, null, lastPolled);
        time.advanceTimeBy(Duration.ofMinutes(4));
        assertThat(startsOf("m1", PollJob.Kind.LIVE)).containsExactly(lastPolled.plus(INTERVAL));
    }

    @Test
    void timesFromZoomAheadOfOurClockDoNotPushDeadlinesIntoTheFuture() {
        planner(props(0.0, 4), executor(Duration.ZERO, j -> PollOutcome.DONE));
        Instant now = now();
        planner.meetingStarted("m1", now.plus(Duration.ofHours(1)));
        planner.meetingEnded("m2", now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
        time.advanceTimeBy(INTERVAL.plusSeconds(1));

        assertThat(startsOf("m1", PollJob.Kind.LIVE)).containsExactly(now.plus(INTERVAL));
        assertThat(startsOf("m2", PollJob.Kind.SWEEP)).containsExactly(now.plusSeconds(30));
    }

    @Test
    void rateLimitedPollKeepsItsTurn() {
        List<PollOutcome> script = new ArrayList<>(List.of(PollOutcome.RATE_LIMITED, PollOutcome.DONE));
        planner(props(0.0, 1), executor(Duration.ofSeconds(1), j -> script.isEmpty() ? PollOutcome.DONE : script.remove(0)));
        Instant start = now();
        planner.meetingStarted("m1", start);
        time.advanceTimeBy(INTERVAL.plusSeconds(3));
        assertThat(startsOf("m1", PollJob.Kind.LIVE)).containsExactly(start.plus(INTERVAL), start.plus(INTERVAL).plusSeconds(1));
    }

    @Test
    void snapshotShowsTheShortfall() {
        planner(props(0.0, 1), executor(Duration.ofMinutes(1), j -> PollOutcome.DONE));
        Instant start = now();
        for (int i = 0; i < 10; i++) {
            planner.meetingStarted("m" + i, start);
        }
        time.advanceTimeBy(INTERVAL.plusMinutes(3));
        PlannerSnapshot s = planner.snapshot();
        assertThat(s.live()).isEqualTo(10);
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.overdue()).isEqualTo(6);
        assertThat(s.oldestOverdue()).isEqualTo(Duration.ofMinutes(3));
    }

    static final class RecordingEvents implements PlannerEvents {
        final List<String> swept = new CopyOnWriteArrayList<>();
        final List<String> givenUp = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public void swept(String accountId, String meetingUuid, Instant at) {
            swept.add(meetingUuid);
        }

        @Override
        public void sweepGivenUp(String accountId, String meetingUuid, String reason, Instant at) {
            givenUp.add(meetingUuid);
        }

        @Override
        public void closedByStopRule(String accountId, String meetingUuid, String reason, Instant at) {
            closed.add(meetingUuid + ":" + reason);
        }
    }
}
