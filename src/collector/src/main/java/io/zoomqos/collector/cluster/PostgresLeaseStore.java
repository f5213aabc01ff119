package io.zoomqos.collector.cluster;

import java.time.Duration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Leases as one row per account. A single upsert both takes a free or expired lease and renews
 * our own; the {@code WHERE} of {@code DO UPDATE} makes it a no-op (no row returned) while
 * another replica holds a live lease. Row locking in PostgreSQL serialises competing replicas.
 */
@Repository
class PostgresLeaseStore implements LeaseStore {

    private final DatabaseClient db;

    PostgresLeaseStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Boolean> acquireOrRenew(String accountId, String holder, Duration ttl) {
        return db.sql("""
                        INSERT INTO account_lease (account_id, holder, expires_at, acquired_at)
                        VALUES (:account, :holder, now() + make_interval(secs => :ttl), now())
                        ON CONFLICT (account_id) DO UPDATE
                            SET holder = EXCLUDED.holder,
                                expires_at = EXCLUDED.expires_at,
                                acquired_at = CASE WHEN account_lease.holder = EXCLUDED.holder
                                                   THEN account_lease.acquired_at ELSE now() END
                            WHERE account_lease.holder = EXCLUDED.holder OR account_lease.expires_at < now()
                        RETURNING holder""")
                .bind("account", accountId)
                .bind("holder", holder)
                .bind("ttl", ttl.toMillis() / 1000.0)
                .map(row -> holder.equals(row.get("holder", String.class)))
                .one()
                .defaultIfEmpty(false);
    }

    @Override
    public Mono<Void> release(String accountId, String holder) {
        return db.sql("DELETE FROM account_lease WHERE account_id = :account AND holder = :holder")
                .bind("account", accountId).bind("holder", holder).then();
    }
}
