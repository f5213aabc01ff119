package io.zoomqos.collector.cluster;

import io.zoomqos.collector.support.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

class PostgresLeaseStoreIT {

    private final DatabaseClient db = TestDatabase.migratedClient();
    private final PostgresLeaseStore store = new PostgresLeaseStore(db);
    private final Duration ttl = Duration.ofSeconds(30);

    @Test
    void aFreeLeaseIsTakenAndRenewedByItsHolderOnly() {
        StepVerifier.create(store.acquireOrRenew("acct", "a", ttl)).expectNext(true).verifyComplete();
        StepVerifier.create(store.acquireOrRenew("acct", "b", ttl)).expectNext(false).verifyComplete();
        StepVerifier.create(store.acquireOrRenew("acct", "a", ttl)).expectNext(true).verifyComplete();
        StepVerifier.create(store.acquireOrRenew("other", "b", ttl)).expectNext(true).verifyComplete();
    }

    @Test
    void anExpiredLeaseGoesToTheNextReplica() {
        StepVerifier.create(store.acquireOrRenew("acct", "a", ttl)).expectNext(true).verifyComplete();
        StepVerifier.create(db.sql("UPDATE account_lease SET expires_at = now() - interval '1 second'").then()).verifyComplete();
        StepVerifier.create(store.acquireOrRenew("acct", "b", ttl)).expectNext(true).verifyComplete();
        StepVerifier.create(store.acquireOrRenew("acct", "a", ttl)).expectNext(false).verifyComplete();
    }

    @Test
    void releaseFreesTheLeaseOnlyForItsHolder() {
        StepVerifier.create(store.acquireOrRenew("acct", "a", ttl)).expectNext(true).verifyComplete();
        StepVerifier.create(store.release("acct", "b")).verifyComplete();
        StepVerifier.create(store.acquireOrRenew("acct", "b", ttl)).expectNext(false).verifyComplete();
        StepVerifier.create(store.release("acct", "a")).verifyComplete();
        StepVerifier.create(store.acquireOrRenew("acct", "b", ttl)).expectNext(true).verifyComplete();
    }
}
