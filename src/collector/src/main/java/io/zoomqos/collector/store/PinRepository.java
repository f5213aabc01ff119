package io.zoomqos.collector.store;

import java.util.HashSet;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Meetings an admin pinned ({@code meeting_pin}); shared by every replica through PostgreSQL. */
public class PinRepository {

    private final DatabaseClient db;

    PinRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Pins the meeting; pinning again keeps the first pin. Emits false when no such meeting is known. */
    public Mono<Boolean> pin(String meetingUuid, String by) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO meeting_pin (meeting_uuid, pinned_by)
                        SELECT meeting_uuid, $2 FROM meeting WHERE meeting_uuid = $1
                        ON CONFLICT (meeting_uuid) DO NOTHING""")
                .bind(0, meetingUuid);
        spec = by == null ? spec.bindNull(1, String.class) : spec.bind(1, by);
        return spec.fetch().rowsUpdated()
                .flatMap(n -> n > 0 ? Mono.just(true) : isPinned(meetingUuid));
    }

    /** Removes the pin; emits whether there was one. */
    public Mono<Boolean> unpin(String meetingUuid) {
        return db.sql("DELETE FROM meeting_pin WHERE meeting_uuid = $1").bind(0, meetingUuid)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    public Mono<Boolean> isPinned(String meetingUuid) {
        return db.sql("SELECT count(*) FROM meeting_pin WHERE meeting_uuid = $1").bind(0, meetingUuid)
                .map(row -> ((Number) row.get(0)).longValue() > 0).one();
    }

    /** Every pinned meeting that is still live. */
    public Mono<Set<String>> pinnedLive() {
        return db.sql("SELECT p.meeting_uuid FROM meeting_pin p JOIN meeting m USING (meeting_uuid) WHERE m.state = 'live'")
                .map(row -> row.get(0, String.class))
                .all()
                .collect(HashSet<String>::new, Set::add)
                .map(Set::copyOf);
    }
}
