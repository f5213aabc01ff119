package io.zoomqos.collector.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Lease timing in virtual time against an in-memory store with the same rules as the SQL one. */
class AccountLeasesTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final ClusterProperties props = new ClusterProperties(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(5), "a", Duration.ofMillis(100));
    private final MemoryStore store = new MemoryStore();
    private final List<Disposable> running = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(Disposable::dispose);
        time.dispose();
    }

    /** Same semantics as PostgresLeaseStore, on the virtual clock; can be made unreachable. */
    final class MemoryStore implements LeaseStore {
        final Map<String, String> holders = new ConcurrentHashMap<>();
        final Map<String, Long> expiry = new ConcurrentHashMap<>();
        volatile boolean down;
        volatile String cutOff = "";

        @Override
        public synchronized Mono<Boolean> acquireOrRenew(String accountId, String holder, Duration ttl) {
            if (down || cutOff.equals(holder)) {
                return Mono.never();
            }
            long now = time.now(TimeUnit.MILLISECONDS);
            String current = holders.get(accountId);
            if (current == null || current.equals(holder) || expiry.get(accountId) < now) {
                holders.put(accountId, holder);
                expiry.put(accountId, now + ttl.toMillis());
                return Mono.just(true);
            }
            return Mono.just(false);
        }

        @Override
        public synchronized Mono<Void> release(String accountId, String holder) {
            if (holder.equals(holders.get(accountId))) {
                holders.remove(accountId);
                expiry.remove(accountId);
            }
            return Mono.empty();
        }
    }

    record Change(String replica, String account, boolean held, long at) {
    }

    private AccountLeases replica(String name, List<Change> log) {
        AccountLeases leases = new AccountLeases(store, props, List.of("acct1", "acct2"), name, time);
        running.add(leases.run(new LeaseListener() {
            @Override
            public void acquired(String accountId) {
                log.add(new Change(name, accountId, true, time.now(TimeUnit.MILLISECONDS)));
            }

            @Override
            public void lost(String accountId) {
                log.add(new Change(name, accountId, false, time.now(TimeUnit.MILLISECONDS)));
            }
        }));
        return leases;
    }

    @Test
    void aSingleReplicaDrivesEveryAccountAndKeepsThem() {
        List<Change> log = new CopyOnWriteArrayList<>();
        AccountLeases a = replica("a", log);
        time.advanceTimeBy(Duration.ofMinutes(10));
        assertThat(a.held()).containsExactlyInAnyOrder("acct1", "acct2");
        assertThat(log).extracting(Change::held).containsExactly(true, true);
    }

    @Test
    void aSecondReplicaWaitsWhileTheFirstHolds() {
        List<Change> log = new CopyOnWriteArrayList<>();
        replica("a", log);
        time.advanceTimeBy(Duration.ofSeconds(1));
        AccountLeases b = replica("b", log);
        time.advanceTimeBy(Duration.ofMinutes(5));
        assertThat(b.held()).isEmpty();
    }

    @Test
    void aPartitionedHolderStopsBeforeAnotherReplicaTakesOverSoTheyNeverOverlap() {
        List<Change> log = new CopyOnWriteArrayList<>();
        replica("a", log);
        time.advanceTimeBy(Duration.ofSeconds(1));
        replica("b", log);
        time.advanceTimeBy(Duration.ofSeconds(20));
        store.cutOff = "a";                         // "a" can no longer reach the database; "b" can
        time.advanceTimeBy(Duration.ofMinutes(2));

        for (String account : List.of("acct1", "acct2")) {
            long aLost = log.stream().filter(c -> c.replica().equals("a") && c.account().equals(account) && !c.held())
                    .mapToLong(Change::at).findFirst().orElseThrow();
            long bAcquired = log.stream().filter(c -> c.replica().equals("b") && c.account().equals(account) && c.held())
                    .mapToLong(Change::at).findFirst().orElseThrow();
            assertThat(aLost).as("a stops driving %s", account).isLessThan(bAcquired);
            assertThat(bAcquired - aLost).as("gap").isGreaterThanOrEqualTo(props.safetyMargin().toMillis());
        }
    }

    @Test
    void renewalFailureEndsTheHoldingAtTtlMinusMarginAndNoLater() {
        List<Change> log = new CopyOnWriteArrayList<>();
        AccountLeases a = replica("a", log);
        time.advanceTimeBy(Duration.ofSeconds(1));        // acquired at t=0
        long lastRenewal = 0;
        store.down = true;                                 // the renewal at t=10 s never answers
        time.advanceTimeBy(Duration.ofSeconds(60));
        Change lost = log.stream().filter(c -> !c.held()).findFirst().orElseThrow();
        // The lease itself (database time) would expire at t=30 s: the holder gave up at 25 s.
        assertThat(lost.at()).isEqualTo(lastRenewal + 25_000);
        assertThat(a.held()).isEmpty();
    }

    @Test
    void anotherReplicaTakesOverAfterTheHolderStops() {
        List<Change> log = new CopyOnWriteArrayList<>();
        replica("a", log);
        time.advanceTimeBy(Duration.ofSeconds(1));
        AccountLeases b = replica("b", log);
        time.advanceTimeBy(Duration.ofSeconds(5));
        running.remove(0).dispose();                        // "a" shuts down and releases
        time.advanceTimeBy(Duration.ofSeconds(11));
        assertThat(b.held()).containsExactlyInAnyOrder("acct1", "acct2");
        assertThat(log).filteredOn(c -> c.replica().equals("a") && !c.held()).hasSize(2);
    }
}
