package io.zoomqos.collector.zoom;

import io.zoomqos.collector.ratelimit.AccountBudget;
import io.zoomqos.collector.ratelimit.AccountFailure;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import io.zoomqos.collector.ratelimit.BudgetStatus;
import io.zoomqos.collector.ratelimit.Priority;
import io.zoomqos.collector.ratelimit.RateLimitSignal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Grants every permit at once, counting them, and keeps every signal the client reports. */
final class FakeAccountBudgets implements AccountBudgets {

    private final Map<String, FakeBudget> budgets = new ConcurrentHashMap<>();

    FakeAccountBudgets(String... accountIds) {
        for (String id : accountIds) {
            budgets.put(id, new FakeBudget(id));
        }
    }

    @Override
    public FakeBudget of(String accountId) {
        FakeBudget b = budgets.get(accountId);
        if (b == null) {
            throw new IllegalArgumentException("not configured: " + accountId);
        }
        return b;
    }

    @Override
    public Collection<AccountBudget> all() {
        return List.copyOf(budgets.values());
    }

    static final class FakeBudget implements AccountBudget {

        private final String accountId;
        final AtomicInteger acquired = new AtomicInteger();
        final List<Priority> priorities = new CopyOnWriteArrayList<>();
        final List<RateLimitSignal> signals = new CopyOnWriteArrayList<>();
        final List<AccountFailure> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger successes = new AtomicInteger();
        private volatile @Nullable AccountFailure failing;

        FakeBudget(String accountId) {
            this.accountId = accountId;
        }

        @Override
        public String accountId() {
            return accountId;
        }

        /** Counted at subscription, like a real permit. */
        @Override
        public Mono<Void> acquire() {
            return acquire(Priority.NORMAL);
        }

        @Override
        public Mono<Void> acquire(Priority priority) {
            return Mono.fromRunnable(() -> {
                acquired.incrementAndGet();
                priorities.add(priority);
            });
        }

        @Override
        public void recordFailure(AccountFailure failure) {
            failures.add(failure);
            failing = failure;
        }

        @Override
        public void recordSuccess() {
            successes.incrementAndGet();
            failing = null;
        }

        /** Failing from the first failure to the next success, as the real budget. */
        @Override
        public @Nullable AccountFailure failing() {
            return failing;
        }

        @Override
        public void record(RateLimitSignal signal) {
            signals.add(signal);
        }

        @Override
        public BudgetStatus status() {
            throw new UnsupportedOperationException("not needed by the client");
        }
    }
}
