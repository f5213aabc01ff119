package io.zoomqos.demo;

import io.zoomqos.simulator.SimMeeting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/** What the collector recorded of its meetings, read from its {@code meeting} table. */
final class CollectedMeetings {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final DatabaseClient db;

    CollectedMeetings(DatabaseClient db) {
        this.db = db;
    }

    /** How many meetings the final sweep has collected completely. */
    long sweptCount() {
        return db.sql("SELECT count(*) AS n FROM meeting WHERE sweep_state = 'swept'")
                .map(r -> r.get("n", Long.class)).one().block(PATIENCE);
    }

    /** Whether the final sweep has collected each of these meetings (one the collector does not know is not). */
    boolean allSwept(List<SimMeeting> meetings) {
        return meetings.stream().allMatch(m -> swept(m.uuid()));
    }

    /** Each known meeting's row by its UUID: how the collector came to know it ({@code discovered_by}) and how it closed it ({@code closed_by}). */
    Map<String, Map<String, Object>> howKnownAndClosed() {
        return db.sql("SELECT meeting_uuid, discovered_by, closed_by FROM meeting")
                .fetch().all().collectMap(r -> (String) r.get("meeting_uuid")).block(PATIENCE);
    }

    private boolean swept(String uuid) {
        return Boolean.TRUE.equals(db.sql("SELECT sweep_state = 'swept' AS swept FROM meeting WHERE meeting_uuid = $1")
                .bind(0, uuid).map(r -> r.get("swept", Boolean.class)).one().blockOptional(PATIENCE)
                .orElse(false));
    }
}
