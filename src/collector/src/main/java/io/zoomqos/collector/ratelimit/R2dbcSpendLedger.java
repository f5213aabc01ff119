package io.zoomqos.collector.ratelimit;

import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** {@link SpendLedger} on table {@code budget_spend} (migration V2). */
final class R2dbcSpendLedger implements SpendLedger {

    private final DatabaseClient db;

    R2dbcSpendLedger(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Long> spent(String accountId, LocalDate utcDay) {
        return db.sql("SELECT spent FROM budget_spend WHERE account_id = :account AND utc_day = :day")
                .bind("account", accountId)
                .bind("day", utcDay)
                .map(row -> row.get("spent", Long.class))
                .one()
                .defaultIfEmpty(0L);
    }

    /** An increment, not an overwrite: two replicas (or a restart racing a flush) add up instead of losing counts. */
    @Override
    public Mono<Void> add(String accountId, LocalDate utcDay, long delta) {
        return db.sql("""
                        INSERT INTO budget_spend (account_id, utc_day, spent) VALUES (:account, :day, :delta)
                        ON CONFLICT (account_id, utc_day)
                        DO UPDATE SET spent = budget_spend.spent + excluded.spent, updated_at = now()
                        """)
                .bind("account", accountId)
                .bind("day", utcDay)
                .bind("delta", delta)
                .fetch()
                .rowsUpdated()
                .then();
    }
}
