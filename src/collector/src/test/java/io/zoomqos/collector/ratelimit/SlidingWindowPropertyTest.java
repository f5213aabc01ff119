package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Seeded-random arrival patterns (bursts, idle gaps, many concurrent subscribers, cancellations,
 * callers that ask again on each grant, punctual or late timers, the wall clock stepped forward
 * and back), each in virtual time; the grant times, read on the monotonic clock, must never put
 * more than floor(16 * 0.9) = 14 into any 1-second window, and a saturated budget must run at the cap.
 */
class SlidingWindowPropertyTest {

    private static final int CAP = 14;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void neverMoreThanTheFlooredEffectiveCapInAnySlidingSecondAndFullUnderSaturation() {
        for (int seed = 1; seed <= 200; seed++) {
            runPattern(seed);
        }
    }

    private void runPattern(long seed) {
        Random random = new Random(seed);
        // start anywhere in a day except the last hour, so the day's reset plays no part here
        // (and at least an hour from either end, so the wall-clock steps below stay within the day)
        Instant start = Instant.parse("2026-11-25T01:00:00Z").plusSeconds(random.nextInt(75_600))
                .plusNanos(random.nextInt(1_000_000_000));
        // odd seeds: timers fire up to 5 ms late (a busy machine), which exercises the catch-up path
        long late = seed % 2 == 1 ? 5_000_000L : 0L;
        BudgetHarness h = new BudgetHarness(start, BudgetHarness.perSecondOnly(), BudgetProperties.defaults(), seed, late);
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        List<AtomicBoolean> cancelledGranted = new ArrayList<>();
        int[] expected = {0};
        int[] steps = {0};

        // saturation phase: a deep queue at t=0 that outlasts 10 seconds of the cap
        int burst = 160 + random.nextInt(200);
        for (int i = 0; i < burst; i++) {
            h.budget.acquire().subscribe(v -> { }, e -> { }, () -> grants.add(h.nanos()));
            expected[0]++;
        }
        long saturatedUntil = 10 * SECOND;

        // random events during the next 40 seconds
        int events = 10 + random.nextInt(40);
        for (int e = 0; e < events; e++) {
            long at = saturatedUntil + (long) (random.nextDouble() * 40 * SECOND);
            int kind = random.nextInt(5);
            h.scheduler.schedule(() -> {
                switch (kind) {
                    case 0 -> { // burst of acquires
                        int n = 1 + random.nextInt(40);
                        for (int i = 0; i < n; i++) {
                            h.budget.acquire().subscribe(v -> { }, x -> { }, () -> grants.add(h.nanos()));
                            expected[0]++;
                        }
                    }
                    case 1 -> { // acquires that are cancelled after a random wait (maybe after their grant)
                        int n = 1 + random.nextInt(20);
                        for (int i = 0; i < n; i++) {
                            AtomicBoolean done = new AtomicBoolean();
                            Disposable d = h.budget.acquire().subscribe(v -> { }, x -> { }, () -> {
                                done.set(true);
                                grants.add(h.nanos());
                            });
                            long wait = (long) (random.nextDouble() * 3 * SECOND);
                            h.scheduler.schedule(() -> {
                                if (!done.get()) {
                                    d.dispose();
                                }
                            }, wait, TimeUnit.NANOSECONDS);
                            cancelledGranted.add(done);
                        }
                    }
                    case 2 -> { // a caller that asks again as soon as it is granted, n times
                        int n = 1 + random.nextInt(30);
                        askAgain(h, grants, n);
                        expected[0] += n;
                    }
                    case 3 -> { // several such callers at once
                        int callers = 1 + random.nextInt(5);
                        for (int c = 0; c < callers; c++) {
                            int n = 1 + random.nextInt(10);
                            askAgain(h, grants, n);
                            expected[0] += n;
                        }
                    }
                    default -> { // the wall clock steps: a little (NTP) or a lot (an operator), forward or back
                        if (steps[0]++ < 4) {
                            long range = random.nextBoolean() ? 2 * SECOND : 600 * SECOND;
                            h.clock.step((long) ((random.nextDouble() * 2 - 1) * range));
                        }
                    }
                }
            }, at, TimeUnit.NANOSECONDS);
        }
        // long enough for everything to be served
        h.advance(Duration.ofSeconds(50 + 2000 / CAP));

        long granted = cancelledGranted.stream().filter(AtomicBoolean::get).count() + expected[0];
        List<Long> times = new ArrayList<>(grants);
        Collections.sort(times);
        assertThat(times).as("seed %d: every non-cancelled caller served, nothing else", seed).hasSize((int) granted);
        assertThat(h.budget.status().spentToday()).as("seed %d: spent counts only used permits", seed).isEqualTo(granted);
        assertThat(h.budget.status().waiting()).as("seed %d", seed).isZero();

        // closed windows [t, t + 1 s] starting at each grant: the busiest window of any start point starts at a grant
        int j = 0;
        for (int i = 0; i < times.size(); i++) {
            if (j < i) {
                j = i;
            }
            while (j < times.size() && times.get(j) <= times.get(i) + SECOND) {
                j++;
            }
            assertThat(j - i).as("seed %d: grants in the second from %d ns", seed, times.get(i)).isLessThanOrEqualTo(CAP);
        }

        long inSaturation = times.stream().filter(t -> t < saturatedUntil).count();
        assertThat(inSaturation).as("seed %d: utilisation of %d/s over 10 s saturated", seed, CAP)
                .isGreaterThanOrEqualTo((long) Math.ceil(0.99 * CAP * 10));
    }

    /** A caller that asks for its next permit as soon as it got one, {@code n} times in all. */
    private static void askAgain(BudgetHarness h, List<Long> grants, int n) {
        if (n == 0) {
            return;
        }
        h.budget.acquire().subscribe(v -> { }, x -> { }, () -> {
            grants.add(h.nanos());
            askAgain(h, grants, n - 1);
        });
    }

    @Test
    void aWallClockStepForwardOrBackLetsNoSecondBurstThrough() {
        for (long step : new long[] {-3_600 * SECOND, -SECOND / 2, SECOND / 2, 3_600 * SECOND}) {
            BudgetHarness h = new BudgetHarness(Instant.parse("2026-11-25T12:00:00Z"), BudgetHarness.perSecondOnly());
            List<Long> grants = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                h.budget.acquire().subscribe(v -> { }, x -> { }, () -> grants.add(h.nanos()));
            }
            h.advanceNanos(SECOND / 2);
            h.clock.step(step);
            h.advance(Duration.ofSeconds(2));

            for (int i = CAP; i < grants.size(); i++) {
                assertThat(grants.get(i) - grants.get(i - CAP)).as("step %d ns: %d grants within a second", step, CAP + 1)
                        .isGreaterThan(SECOND);
            }
            for (int i = 1; i < grants.size(); i++) {
                assertThat(grants.get(i) - grants.get(i - 1)).as("step %d ns: the pace is kept", step)
                        .isEqualTo(BudgetHarness.INTERVAL);
            }
        }
    }
}
