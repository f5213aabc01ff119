package io.zoomqos.collector.ratelimit;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** The unit tests' ledger: counts per account and day, in memory. */
final class MemoryLedger implements SpendLedger {

    final Map<String, Long> counts = new ConcurrentHashMap<>();

    @Override
    public Mono<Long> spent(String accountId, LocalDate utcDay) {
        return Mono.fromSupplier(() -> counts.getOrDefault(accountId + "/" + utcDay, 0L));
    }

    @Override
    public Mono<Void> add(String accountId, LocalDate utcDay, long delta) {
        return Mono.fromRunnable(() -> counts.merge(accountId + "/" + utcDay, delta, Long::sum));
    }

    long get(String accountId, LocalDate utcDay) {
        return counts.getOrDefault(accountId + "/" + utcDay, 0L);
    }
}
