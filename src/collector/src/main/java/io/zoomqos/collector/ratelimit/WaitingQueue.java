package io.zoomqos.collector.ratelimit;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The callers waiting for a permit of one account: sweeps first, then normal calls, then
 * background ones; arrival order within each priority. Not thread-safe: the budget calls it under its monitor. A {@link Waiter} is granted
 * or cancelled exactly once, whichever comes first, so a caller that cancels just as its permit
 * comes never consumes it.
 */
final class WaitingQueue {

    private final ArrayDeque<Waiter> sweeps = new ArrayDeque<>();
    private final ArrayDeque<Waiter> normals = new ArrayDeque<>();
    private final ArrayDeque<Waiter> background = new ArrayDeque<>();

    void add(Waiter waiter) {
        queueOf(waiter.priority()).addLast(waiter);
    }

    /** Takes a cancelled waiter out; its place goes to the one behind it. */
    void remove(Waiter waiter) {
        queueOf(waiter.priority()).remove(waiter);
    }

    /** The next waiter to serve, left in place; null when nobody waits. */
    @Nullable Waiter head() {
        Waiter sweep = sweeps.peekFirst();
        if (sweep != null) {
            return sweep;
        }
        Waiter normal = normals.peekFirst();
        return normal != null ? normal : background.peekFirst();
    }

    /** Takes out the head returned by {@link #head()}. */
    void removeHead(Waiter head) {
        queueOf(head.priority()).pollFirst();
    }

    int size() {
        return sweeps.size() + normals.size() + background.size();
    }

    private ArrayDeque<Waiter> queueOf(Priority priority) {
        return switch (priority) {
            case SWEEP -> sweeps;
            case NORMAL -> normals;
            case BACKGROUND -> background;
        };
    }

    /** One place in the queue; {@code onGrant} is run once, by whoever wins the race against a cancel. */
    static final class Waiter {
        private static final int WAITING = 0;
        private static final int GRANTED = 1;
        private static final int CANCELLED = 2;

        private final Priority priority;
        private final Runnable onGrant;
        private final AtomicInteger state = new AtomicInteger(WAITING);

        Waiter(Priority priority, Runnable onGrant) {
            this.priority = priority;
            this.onGrant = onGrant;
        }

        Priority priority() {
            return priority;
        }

        /** @return whether the permit was taken (and so must be counted); false when cancelled first */
        boolean grant() {
            if (state.compareAndSet(WAITING, GRANTED)) {
                onGrant.run();
                return true;
            }
            return false;
        }

        /** @return whether this cancel came first (the place must then be given back) */
        boolean cancel() {
            return state.compareAndSet(WAITING, CANCELLED);
        }
    }
}
