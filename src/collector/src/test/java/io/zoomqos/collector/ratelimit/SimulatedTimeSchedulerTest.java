package io.zoomqos.collector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
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
}
