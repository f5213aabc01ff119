package io.zoomqos.collector.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Live attention by value, in virtual time: watched, pinned, poor, then the rest by deadline. */
class AttentionOrderTest {

    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<PollPlannerTest.Run> runs = new CopyOnWriteArrayList<>();
    private final Map<String, Attention> levels = new ConcurrentHashMap<>();
    private PollPlanner planner;

    @AfterEach
    void close() {
        if (planner != null) {
            planner.close();
        }
        time.dispose();
    }

    private PollPlanner planner(int concurrency, Duration pollTakes) {
        return planner(concurrency, uuid -> pollTakes);
    }

    private PollPlanner planner(int concurrency, java.util.function.Function<String, Duration> pollTakes) {
        PollingProperties p = new PollingProperties(true, INTERVAL, 0.0, concurrency, Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ofMinutes(8), Duration.ofHours(2), Duration.ofHours(4), 3,
                Duration.ofMinutes(1), 50);
        planner = new PollPlanner("acct", p, time, job -> {
            runs.add(new PollPlannerTest.Run(job, now()));
            return Mono.delay(pollTakes.apply(job.meetingUuid()), time).thenReturn(PollOutcome.DONE);
        }, new PlannerEvents() { }, new Random(1), uuid -> levels.getOrDefault(uuid, Attention.OTHER));
        return planner;
    }

    private Instant now() {
        return Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS));
    }

    private List<Instant> livePolls(String uuid) {
        return runs.stream().filter(r -> r.job().meetingUuid().equals(uuid) && r.job().kind() == PollJob.Kind.LIVE)
                .map(PollPlannerTest.Run::startedAt).toList();
    }

    @Test
    void dueLivePollsAreServedWatchedThenPinnedThenPoorThenByDeadline() {
        // The blocker holds the single slot until every other deadline has passed.
        planner(1, uuid -> uuid.equals("blocker") ? Duration.ofMinutes(6) : Duration.ofSeconds(1));
        Instant start = now();
        // The "other" meetings have the earliest deadlines; attention still goes first.
        planner.meetingStarted("other-early", start.minusSeconds(60));
        planner.meetingStarted("other-late", start.minusSeconds(30));
        levels.put("poor", Attention.POOR);
        planner.meetingStarted("poor", start);
        levels.put("pinned", Attention.PINNED);
        planner.meetingStarted("pinned", start);
        levels.put("watched", Attention.WATCHED);
        planner.meetingStarted("watched", start);
        planner.meetingStarted("blocker", start.minus(INTERVAL).minusSeconds(120));
        time.advanceTimeBy(Duration.ZERO);
        assertThat(runs).extracting(r -> r.job().meetingUuid()).containsExactly("blocker");
        runs.clear();

        time.advanceTimeBy(Duration.ofMinutes(6).plusSeconds(30));

        assertThat(runs).extracting(r -> r.job().meetingUuid())
                .startsWith("watched", "pinned", "poor", "other-early", "other-late");
    }

    @Test
    void aWatchedMeetingKeepsItsIntervalWhileTheOthersStretch() {
        // One slot, 30 s per poll: 10 polls per interval for 21 meetings.
        planner(1, Duration.ofSeconds(30));
        Instant start = now();
        for (int i = 0; i < 20; i++) {
            planner.meetingStarted("m" + i, start.plusSeconds(i));
        }
        levels.put("watched", Attention.WATCHED);
        planner.meetingStarted("watched", start.plusSeconds(10));

        time.advanceTimeBy(Duration.ofHours(2));

        List<Instant> watched = livePolls("watched");
        List<Long> watchedGaps = gaps(watched);
        assertThat(watchedGaps).isNotEmpty()
                .allSatisfy(g -> assertThat(g).isBetween(INTERVAL.toSeconds(), INTERVAL.toSeconds() + 30));
        List<Long> otherGaps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            otherGaps.addAll(gaps(livePolls("m" + i)).subList(2, gaps(livePolls("m" + i)).size()));
        }
        double meanOther = otherGaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        // 9 of every 10 polls go to the 20 others: each waits about 20/9 intervals.
        assertThat(meanOther).isBetween(2.0 * INTERVAL.toSeconds(), 2.5 * INTERVAL.toSeconds());
        assertThat(planner.liveStates())
                .filteredOn(s -> s.meetingUuid().equals("watched"))
                .singleElement().satisfies(s -> {
                    assertThat(s.state()).isEqualTo(LiveState.FRESH);
                    assertThat(s.attention()).isEqualTo(Attention.WATCHED);
                });
        assertThat(planner.liveStates()).filteredOn(s -> s.state().equals(LiveState.STRETCHED)).isNotEmpty()
                .allSatisfy(s -> assertThat(s.reason()).startsWith("budget: polled less often than every PT5M"));
    }

    @Test
    void whenTheLiveShareIsSpentOnlyWatchedAndPinnedMeetingsArePolledLive() {
        planner(4, Duration.ofSeconds(1));
        Instant start = now();
        planner.meetingStarted("other", start);
        levels.put("poor", Attention.POOR);
        planner.meetingStarted("poor", start);
        levels.put("pinned", Attention.PINNED);
        planner.meetingStarted("pinned", start);
        planner.liveShareSpent(true);

        time.advanceTimeBy(INTERVAL.multipliedBy(3).plusSeconds(10));

        assertThat(livePolls("pinned")).hasSize(3);
        assertThat(livePolls("other")).isEmpty();
        assertThat(livePolls("poor")).isEmpty();
        assertThat(planner.liveStates()).filteredOn(s -> !s.meetingUuid().equals("pinned"))
                .extracting(LiveState::state).containsOnly(LiveState.SWEEP_ONLY);

        planner.liveShareSpent(false); // a new day
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(livePolls("other")).hasSize(1);
        assertThat(livePolls("poor")).hasSize(1);
    }

    @Test
    void aMeetingSomeoneStartsWatchingMovesAheadOfTheQueue() {
        planner(1, Duration.ofSeconds(30));
        Instant start = now();
        for (int i = 0; i < 20; i++) {
            planner.meetingStarted("m" + i, start);
        }
        time.advanceTimeBy(Duration.ofSeconds(60));
        planner.meetingStarted("late", now()); // due a minute after the twenty others
        time.advanceTimeBy(INTERVAL.plusSeconds(30));
        assertThat(livePolls("late")).isEmpty();

        levels.put("late", Attention.WATCHED);
        planner.refreshAttention();
        time.advanceTimeBy(Duration.ofSeconds(31));

        assertThat(livePolls("late")).hasSize(1);
    }

    private static List<Long> gaps(List<Instant> polls) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < polls.size(); i++) {
            gaps.add(Duration.between(polls.get(i - 1), polls.get(i)).toSeconds());
        }
        return gaps;
    }
}
