package io.zoomqos.collector.ratelimit;

import java.time.LocalDate;
import reactor.core.publisher.Mono;

/** Where the permits spent per account and UTC day survive a restart. */
interface SpendLedger {

    /** Spent so far on that UTC day (0 when nothing was recorded). */
    Mono<Long> spent(String accountId, LocalDate utcDay);

    /** Adds {@code delta} to the day's count. */
    Mono<Void> add(String accountId, LocalDate utcDay, long delta);

    /** Remembers nothing: for budgets built without a database (tests of other features). */
    SpendLedger NONE = new SpendLedger() {
        @Override
        public Mono<Long> spent(String accountId, LocalDate utcDay) {
            return Mono.just(0L);
        }

        @Override
        public Mono<Void> add(String accountId, LocalDate utcDay, long delta) {
            return Mono.empty();
        }
    };
}
