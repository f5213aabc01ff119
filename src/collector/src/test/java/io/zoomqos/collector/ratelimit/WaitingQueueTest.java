package io.zoomqos.collector.ratelimit;

import static io.zoomqos.collector.ratelimit.BudgetHarness.INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

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
    void aCallerThatAsksAgainOnEachGrantGetsOnePermitPerInterval() {
        List<Long> granted = new ArrayList<>();
        Runnable[] caller = new Runnable[1];
        caller[0] = () -> h.budget.acquire().subscribe(null, null, () -> {
            granted.add(h.nanos());
            caller[0].run();
        });
        caller[0].run();

        assertThat(granted).hasSize(1);
        assertThat(h.budget.status().waiting()).as("one place in the queue per caller").isEqualTo(1);

        h.advanceNanos(INTERVAL - 1);
        assertThat(granted).hasSize(1);

        h.advanceNanos(1);
        assertThat(granted).containsExactly(0L, INTERVAL);

        h.advance(Duration.ofSeconds(1));
        assertThat(granted).hasSize(15); // 0 .. 14 intervals
        assertThat(h.budget.status().spentToday()).isEqualTo(15);
    }

    // ------------------------------------------------------------------ the queue on its own

    private static WaitingQueue.Waiter waiter(Priority priority, List<String> log, String name) {
        return new WaitingQueue.Waiter(priority, () -> log.add(name));
    }

    @Test
    void queueServesSweepsFirstThenArrivalOrder() {
        WaitingQueue queue = new WaitingQueue();
        List<String> log = new ArrayList<>();
        queue.add(waiter(Priority.NORMAL, log, "n1"));
        queue.add(waiter(Priority.SWEEP, log, "s1"));
        queue.add(waiter(Priority.NORMAL, log, "n2"));
        queue.add(waiter(Priority.SWEEP, log, "s2"));
        assertThat(queue.size()).isEqualTo(4);

        List<String> order = new ArrayList<>();
        for (WaitingQueue.Waiter head = queue.head(); head != null; head = queue.head()) {
            queue.removeHead(head);
            assertThat(head.grant()).isTrue();
            order.add(log.get(log.size() - 1));
        }
        assertThat(order).containsExactly("s1", "s2", "n1", "n2");
        assertThat(queue.size()).isZero();
    }

    @Test
    void aWaiterIsGrantedOrCancelledExactlyOnce() {
        List<String> log = new ArrayList<>();
        WaitingQueue.Waiter granted = waiter(Priority.NORMAL, log, "granted");
        assertThat(granted.grant()).isTrue();
        assertThat(granted.cancel()).as("too late to cancel").isFalse();
        assertThat(granted.grant()).as("never twice").isFalse();

        WaitingQueue.Waiter cancelled = waiter(Priority.NORMAL, log, "cancelled");
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.grant()).as("a cancelled waiter takes no permit").isFalse();
        assertThat(log).containsExactly("granted");
    }

    @Test
    void aRemovedWaiterGivesItsPlaceToTheOneBehind() {
        WaitingQueue queue = new WaitingQueue();
        List<String> log = new ArrayList<>();
        WaitingQueue.Waiter a = waiter(Priority.NORMAL, log, "a");
        WaitingQueue.Waiter b = waiter(Priority.NORMAL, log, "b");
        queue.add(a);
        queue.add(b);
        queue.remove(a);
        assertThat(queue.head()).isSameAs(b);
        assertThat(queue.size()).isEqualTo(1);
    }
}
