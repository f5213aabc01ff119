package io.zoomqos.collector.polling;

import io.zoomqos.collector.config.EventProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * With QSS on ({@code QOS_ZOOM_QSS=true}), which meetings need no live polls: those whose QSS
 * samples flow (the newest arrived within {@code staleAfter}, default 10 min of meeting time),
 * and which sweeps fetch only what QSS did not deliver (every meeting that had QSS samples).
 * Read from the meeting row, which any replica's QSS ingest moves forward.
 */
@Component
class QssGate {

    private final DatabaseClient db;
    private final boolean enabled;
    private final Duration staleAfter;

    @org.springframework.beans.factory.annotation.Autowired
    QssGate(DatabaseClient db, EventProperties events, Environment environment) {
        this(db, events.qss(), Duration.ofMillis((long) (Duration.ofMinutes(10).toMillis()
                / Math.max(1.0, environment.getProperty("qos.time-scale", Double.class, 1.0)))));
    }

    QssGate(DatabaseClient db, boolean enabled, Duration staleAfter) {
        this.db = db;
        this.enabled = enabled;
        this.staleAfter = staleAfter;
    }

    /** True when QSS is on and the meeting's samples arrived recently: a live poll would only repeat them. */
    Mono<Boolean> flowing(String meetingUuid, Instant now) {
        if (!enabled) {
            return Mono.just(false);
        }
        return db.sql("SELECT qss_last_at >= $2 AS flowing FROM meeting WHERE meeting_uuid = $1")
                .bind(0, meetingUuid).bind(1, now.minus(staleAfter).atOffset(ZoneOffset.UTC))
                .map(row -> Boolean.TRUE.equals(row.get("flowing", Boolean.class)))
                .one()
                .defaultIfEmpty(false);
    }

    /** True when QSS is on and the meeting had QSS samples: its sweep fills gaps instead of reading every page. */
    Mono<Boolean> hadQss(String meetingUuid) {
        if (!enabled) {
            return Mono.just(false);
        }
        return db.sql("SELECT qss_last_at FROM meeting WHERE meeting_uuid = $1")
                .bind(0, meetingUuid)
                .map(row -> row.get("qss_last_at", OffsetDateTime.class) != null)
                .one()
                .defaultIfEmpty(false);
    }
}
