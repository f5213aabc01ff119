package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.config.ZoomProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

/** In a simulated day the budget's timer waits simulated durations in a scaled-down real time. */
class SimulatedTimeSchedulerTest {

    @Test
    void aDelayOfSimulatedSecondsRunsAfterTheScaledDownRealDelay() {
        VirtualTimeScheduler real = VirtualTimeScheduler.create();
        SimulatedTimeScheduler simulated = new SimulatedTimeScheduler(real, 96);
        AtomicInteger ran = new AtomicInteger();
        simulated.schedule(ran::incrementAndGet, 96, TimeUnit.SECONDS);
        real.advanceTimeBy(Duration.ofMillis(999));
        assertThat(ran).hasValue(0);
        real.advanceTimeBy(Duration.ofMillis(1));
        assertThat(ran).hasValue(1);
    }

    @Test
    void periodicTasksAndWorkersAreScaledAlike() {
        VirtualTimeScheduler real = VirtualTimeScheduler.create();
        SimulatedTimeScheduler simulated = new SimulatedTimeScheduler(real, 60);
        AtomicInteger periodic = new AtomicInteger();
        AtomicInteger worker = new AtomicInteger();
        simulated.schedulePeriodically(periodic::incrementAndGet, 60, 60, TimeUnit.SECONDS);
        simulated.createWorker().schedule(worker::incrementAndGet, 120, TimeUnit.SECONDS);
        real.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(periodic).hasValue(3);
        assertThat(worker).hasValue(1);
        simulated.dispose();
    }

    /** A budget whose clocks are all the simulator's, as {@code qos.simulated-day} builds it. */
    private static final class SimulatedBudget {
        final VirtualTimeScheduler real = VirtualTimeScheduler.create();
        final SimulatedTimeScheduler simulated;
        final PacedAccountBudget budget;
        final AtomicInteger granted = new AtomicInteger();

        SimulatedBudget(Instant simulatedStart, double scale, ZoomProperties.Budget limits) {
            simulated = new SimulatedTimeScheduler(real, scale, () -> real.now(TimeUnit.NANOSECONDS));
            Clock wall = new Clock() {
                @Override
                public Instant instant() {
                    return simulatedStart.plusNanos(simulated.now(TimeUnit.NANOSECONDS));
                }

                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }
            };
            budget = new PacedAccountBudget("acct", limits, BudgetProperties.defaults(), wall,
                    () -> simulated.now(TimeUnit.NANOSECONDS), simulated, SpendLedger.NONE);
            budget.start().subscribe();
        }

        void ask(int permits) {
            Flux.range(0, permits).concatMap(i -> budget.acquire().doOnSuccess(v -> granted.incrementAndGet())).subscribe();
        }
    }

    @Test
    void aPerSecondCapOfSixteenOverKPerSimulatedSecondIsSixteenPerRealSecondAtTimeScaleK() {
        // 16/96 per simulated second, 10% headroom: one grant per 6.67 simulated s = 69.4 real ms.
        SimulatedBudget b = new SimulatedBudget(Instant.parse("2026-12-01T10:00:00Z"), 96,
                new ZoomProperties.Budget(16.0 / 96, 0.10, 1_000_000_000L, 0.05));
        b.ask(1_000);
        b.real.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(b.granted).hasValue(144); // at 0, 69.4 ms, ... 9.93 s: 14.4 per real second, as at scale 1
    }

    @Test
    void theDailyQuotaIsTheSimulatedDaysAndResetsAtSimulatedMidnight() {
        // 5 a day from 23:50 simulated: paced over the 10 simulated minutes left, 6.25 real seconds.
        SimulatedBudget b = new SimulatedBudget(Instant.parse("2026-12-01T23:50:00Z"), 96,
                new ZoomProperties.Budget(16.0 / 96, 0.10, 5, 0.0));
        b.ask(20);
        b.real.advanceTimeBy(Duration.ofMillis(6_240)); // 23:59:59 simulated
        assertThat(b.granted).as("the day's 5, spread until simulated midnight").hasValue(5);
        b.real.advanceTimeBy(Duration.ofMillis(100)); // 00:00:09 simulated: a new day's quota
        assertThat(b.granted).hasValue(6);
    }

    @Test
    void onTheSimulatorsClockNowIsThatClocksTimeAndDelaysAreScaledDown() {
        VirtualTimeScheduler real = VirtualTimeScheduler.create();
        // A simulated day behind real time: a planner comparing meeting times must read this clock.
        Instant simulatedNoon = Instant.parse("2026-12-01T12:00:00Z");
        SimulatedTimeScheduler simulated = SimulatedTimeScheduler.onClock(real, 60, Clock.fixed(simulatedNoon, ZoneOffset.UTC));
        assertThat(simulated.now(TimeUnit.MILLISECONDS)).isEqualTo(simulatedNoon.toEpochMilli());

        AtomicInteger ran = new AtomicInteger();
        simulated.schedule(ran::incrementAndGet, 6, TimeUnit.MINUTES);
        real.advanceTimeBy(Duration.ofMillis(5_999));
        assertThat(ran).hasValue(0);
        real.advanceTimeBy(Duration.ofMillis(1));
        assertThat(ran).hasValue(1);
    }
}
