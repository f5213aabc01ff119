package io.zoomqos.collector.store;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Watched meetings across replicas ({@code meeting_watch}): each replica replaces its own rows
 * with what its live subscribers filter on, with an expiry, so a replica that stops stops
 * counting without anyone cleaning up after it.
 */
public class WatchRepository {

    private static final String UPSERT = """
            INSERT INTO meeting_watch (replica, meeting_uuid, watchers, expires_at)
            SELECT $1, u, w, now() + $4::interval FROM unnest($2::text[], $3::int[]) AS t(u, w)
            ON CONFLICT (replica, meeting_uuid) DO UPDATE SET watchers = EXCLUDED.watchers, expires_at = EXCLUDED.expires_at""";

    private final DatabaseClient db;

    WatchRepository(DatabaseClient db) {
        this.db = db;
    }

    /** This replica's watchers now; meetings no longer watched here are removed. */
    public Mono<Void> publish(String replica, Map<String, Integer> watchers, Duration ttl) {
        String[] uuids = watchers.keySet().toArray(String[]::new);
        Integer[] counts = new Integer[uuids.length];
        for (int i = 0; i < uuids.length; i++) {
            counts[i] = watchers.get(uuids[i]);
        }
        String interval = ttl.toMillis() + " milliseconds";
        Mono<Void> removeGone = db.sql("DELETE FROM meeting_watch WHERE replica = $1 AND NOT (meeting_uuid = ANY($2::text[]))"
                        + " OR expires_at < now() - interval '1 hour'")
                .bind(0, replica).bind(1, uuids).then();
        Mono<Void> upsert = uuids.length == 0 ? Mono.empty()
                : db.sql(UPSERT).bind(0, replica).bind(1, uuids).bind(2, counts).bind(3, interval).then();
        return removeGone.then(upsert);
    }

    /** Meetings at least one live subscriber on any running replica watches. */
    public Mono<Set<String>> watched() {
        return db.sql("SELECT DISTINCT meeting_uuid FROM meeting_watch WHERE expires_at > now()")
                .map(row -> row.get(0, String.class))
                .all()
                .collect(HashSet<String>::new, Set::add)
                .map(Set::copyOf);
    }
}
