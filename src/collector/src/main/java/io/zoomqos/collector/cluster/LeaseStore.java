package io.zoomqos.collector.cluster;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** The durable side of account leases. */
interface LeaseStore {

    /**
     * Takes the lease if it is free or expired, or extends it if {@code holder} has it.
     * Emits true when {@code holder} holds the lease for {@code ttl} from now (database time).
     */
    Mono<Boolean> acquireOrRenew(String accountId, String holder, Duration ttl);

    /** Gives the lease up if {@code holder} has it, so another replica need not wait for expiry. */
    Mono<Void> release(String accountId, String holder);
}
