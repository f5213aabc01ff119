package io.zoomqos.collector.ratelimit;

import static io.zoomqos.collector.ratelimit.BudgetHarness.INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

class WaitingQueueTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

    private final BudgetHarness h = new BudgetHarness(NOON, BudgetHarness.perSecondOnly());

    @Test
    void servesWaitersInArrivalOrderOnePerInterval() {
        List<String> order = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            h.budget.acquire().subscribe(null, null, () -> {
                order.add(name);
                at.add(h.nanos());
            });
        }
        assertThat(order).containsExactly("a");
        assertThat(h.budget.status().waiting()).isEqualTo(4);

        h.advance(Duration.ofSeconds(1));

        assertThat(order).containsExactly("a", "b", "c", "d", "e");
        assertThat(at).containsExactly(0L, INTERVAL, 2 * INTERVAL, 3 * INTERVAL, 4 * INTERVAL);
    }

    @Test
    void sweepsGoBeforeWaitingNormalCalls() {
        List<String> order = new ArrayList<>();
        h.budget.acquire().subscribe(null, null, () -> order.add("n1"));
        h.budget.acquire().subscribe(null, null, () -> order.add("n2"));
        h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> order.add("s1"));
        h.budget.acquire().subscribe(null, null, () -> order.add("n3"));
        h.budget.acquire(Priority.SWEEP).subscribe(null, null, () -> order.add("s2"));

        h.advance(Duration.ofSeconds(1));

        assertThat(order).containsExactly("n1", "s1", "s2", "n2", "n3");
    }

    @Test
    void cancelledWaiterConsumesNothingAndGivesItsPlaceBack() {
        List<String> order = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        h.budget.acquire().subscribe(null, null, () -> { order.add("a"); at.add(h.nanos()); });
        Disposable b = h.budget.acquire().subscribe(null, null, () -> order.add("b"));
        h.budget.acquire().subscribe(null, null, () -> { order.add("c"); at.add(h.nanos()); });

        h.advanceNanos(INTERVAL / 2);
        b.dispose();
        h.advance(Duration.ofSeconds(1));

        assertThat(order).containsExactly("a", "c");
        assertThat(at).containsExactly(0L, INTERVAL); // c took b's slot, not the one after it
        assertThat(h.budget.status().spentToday()).isEqualTo(2);
        assertThat(h.budget.status().waiting()).isZero();
    }

    @Test
    void cancellingTheOnlyWaiterLeavesTheNextPermitImmediatelyAvailable() {
        h.budget.acquire().subscribe();
        Disposable waiting = h.budget.acquire().subscribe();
        waiting.dispose();
        h.advance(Duration.ofSeconds(5));

        StepVerifier.create(h.budget.acquire()).verifyComplete();
        assertThat(h.budget.status().spentToday()).isEqualTo(2);
    }

    @Test
    void limitRequestsOneUpstreamElementPerPermit() {
        AtomicLong requested = new AtomicLong();
        List<Long> emitted = new ArrayList<>();
        TestPublisher<Integer> upstream = TestPublisher.createCold();
        for (int i = 0; i < 100; i++) {
            upstream.next(i);
        }
        h.budget.limit(upstream.flux().doOnRequest(requested::addAndGet)).subscribe(v -> emitted.add(h.nanos()));

        assertThat(requested.get()).isEqualTo(1);
        assertThat(emitted).hasSize(1);
        assertThat(h.budget.status().waiting()).as("one place in the queue per subscriber").isEqualTo(1);

        h.advanceNanos(INTERVAL - 1);
        assertThat(requested.get()).isEqualTo(1);

        h.advanceNanos(1);
        assertThat(requested.get()).isEqualTo(2);
        assertThat(emitted).containsExactly(0L, INTERVAL);

        h.advance(Duration.ofSeconds(1));
        assertThat(requested.get()).isEqualTo(emitted.size()).isEqualTo(15); // 0 .. 14 intervals
        assertThat(h.budget.status().spentToday()).isEqualTo(15);
    }

    @Test
    void limitGivesThePermitBackWhenTheUpstreamHasNothingYet() {
        AtomicLong requested = new AtomicLong();
        Sinks.Many<String> jobs = Sinks.many().unicast().onBackpressureBuffer();
        List<Long> emitted = new ArrayList<>();
        h.budget.limit(jobs.asFlux().doOnRequest(requested::addAndGet)).subscribe(v -> emitted.add(h.nanos()));

        assertThat(requested.get()).as("asked once, at the first permit").isEqualTo(1);
        h.advance(Duration.ofSeconds(5));
        assertThat(requested.get()).as("no further asks while one is outstanding").isEqualTo(1);
        assertThat(h.budget.status().spentToday()).as("the unused permit was given back").isZero();

        jobs.tryEmitNext("job-1");
        jobs.tryEmitNext("job-2");
        assertThat(emitted).containsExactly(5_000_000_000L); // a permit was free: at once
        h.advance(Duration.ofSeconds(1));
        assertThat(emitted).containsExactly(5_000_000_000L, 5_000_000_000L + INTERVAL);
        assertThat(h.budget.status().spentToday()).isEqualTo(2);
    }

    @Test
    void limitCompletesAfterTheLastElement() {
        StepVerifier.withVirtualTime(() -> h.budget.limit(Flux.range(1, 3)), () -> h.scheduler, Long.MAX_VALUE)
                .expectNext(1)
                .expectNoEvent(Duration.ofNanos(INTERVAL - 1))
                .thenAwait(Duration.ofNanos(1))
                .expectNext(2)
                .thenAwait(Duration.ofNanos(INTERVAL))
                .expectNext(3)
                .verifyComplete();
    }

    @Test
    void limitCancelledByTheSubscriberLeavesNoWaiterBehind() {
        TestPublisher<Integer> endless = TestPublisher.createCold();
        endless.next(1, 2, 3, 4, 5);
        StepVerifier.withVirtualTime(() -> h.budget.limit(endless.flux()), () -> h.scheduler, Long.MAX_VALUE)
                .thenAwait(Duration.ofNanos(INTERVAL))
                .expectNext(1)
                .thenCancel()
                .verify();
        assertThat(h.budget.status().waiting()).isZero();
        long spent = h.budget.status().spentToday();
        h.advance(Duration.ofSeconds(2));
        assertThat(h.budget.status().spentToday()).as("nothing granted after cancel").isEqualTo(spent);
    }

    @Test
    void limitHonoursDownstreamDemand() {
        TestPublisher<Integer> upstream = TestPublisher.createCold();
        upstream.next(1, 2, 3, 4, 5);
        StepVerifier.withVirtualTime(() -> h.budget.limit(upstream.flux()), () -> h.scheduler, 2)
                .expectNext(1)
                .thenAwait(Duration.ofSeconds(3))
                .expectNext(2)
                .expectNoEvent(Duration.ofSeconds(3))
                .thenRequest(1)
                .expectNext(3)
                .thenCancel()
                .verify();
        assertThat(h.budget.status().spentToday()).isEqualTo(3);
    }
}
