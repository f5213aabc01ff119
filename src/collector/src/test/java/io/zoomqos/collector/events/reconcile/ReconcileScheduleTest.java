package io.zoomqos.collector.events.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** When reconciliation runs, in virtual time: at start, every interval, on request, spaced, one at a time. */
class ReconcileScheduleTest {

    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration SPACING = Duration.ofSeconds(30);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final AtomicReference<Set<String>> held = new AtomicReference<>(Set.of("a"));
    private Duration runTakes = Duration.ZERO;
    private final ReconcileSchedule schedule = new ReconcileSchedule(
            account -> Mono.delay(runTakes, time).doOnSubscribe(s -> runs.add(account + "@" + time.now(java.util.concurrent.TimeUnit.SECONDS))),
            held::get, INTERVAL, SPACING, time);
    private Disposable handle;

    @AfterEach
    void stop() {
        handle.dispose();
    }

    @Test
    void runsAsSoonAsTheAccountIsHeldThenEveryInterval() {
        handle = schedule.start();
        time.advanceTimeBy(Duration.ofMinutes(25));

        assertThat(runs).containsExactly("a@0", "a@600", "a@1200");
    }

    @Test
    void aRequestRunsAtOnceWhenTheSpacingAllowsAndOnceLaterWhenNot() {
        handle = schedule.start();
        time.advanceTimeBy(Duration.ofMinutes(2));
        schedule.request("a");
        schedule.request("a");
        time.advanceTimeBy(Duration.ofSeconds(5));
        schedule.request("a");
        schedule.request("a");
        time.advanceTimeBy(Duration.ofSeconds(60));

        // the reconnect storm within the spacing costs one more run, at the next check
        assertThat(runs).containsExactly("a@0", "a@120", "a@150");
    }

    @Test
    void neverTwoRunsOfOneAccountAtOnce() {
        runTakes = Duration.ofMinutes(15);
        handle = schedule.start();
        time.advanceTimeBy(Duration.ofMinutes(11));
        schedule.request("a");

        // the first run is still in flight: the request waits for it
        assertThat(runs).containsExactly("a@0");
        time.advanceTimeBy(Duration.ofMinutes(5));
        assertThat(runs).containsExactly("a@0", "a@900");
    }

    @Test
    void onlyTheHolderRunsAndHoldingAgainStartsWithARun() {
        held.set(Set.of());
        handle = schedule.start();
        schedule.request("a");
        time.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(runs).isEmpty();

        held.set(Set.of("a"));
        time.advanceTimeBy(Duration.ofSeconds(30));
        held.set(Set.of());
        time.advanceTimeBy(Duration.ofSeconds(60));
        held.set(Set.of("a"));
        time.advanceTimeBy(Duration.ofSeconds(30));

        // held from the check at 90 s, lost at 120 s, held again from the check at 180 s
        assertThat(runs).containsExactly("a@90", "a@180");
    }
}
