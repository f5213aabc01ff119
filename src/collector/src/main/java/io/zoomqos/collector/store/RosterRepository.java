package io.zoomqos.collector.store;

import java.util.HashSet;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The roster of a meeting as the {@code meeting.participant_joined} / {@code meeting.participant_left}
 * webhooks built it ({@code meeting_participant}, written by the webhook store): everyone who was
 * ever in the meeting, present or gone. It lets a final sweep skip List meeting participants when
 * the QoS pages already name everyone.
 */
public class RosterRepository {

    private final DatabaseClient db;

    RosterRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Every participant key the join/leave events named for the meeting; empty when none arrived (unknown). */
    public Mono<Set<String>> keys(String meetingUuid) {
        return db.sql("SELECT participant_key FROM meeting_participant WHERE meeting_uuid = $1")
                .bind(0, meetingUuid)
                .map(row -> row.get(0, String.class))
                .all()
                .collect(HashSet<String>::new, Set::add)
                .map(Set::copyOf);
    }
}
