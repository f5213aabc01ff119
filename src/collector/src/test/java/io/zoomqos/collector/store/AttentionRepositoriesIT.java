package io.zoomqos.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Watchers, pins and the webhook roster on a real PostgreSQL. */
class AttentionRepositoriesIT {

    private final StoreDatabase store = new StoreDatabase();
    private final WatchRepository watches = new WatchRepository(store.db);
    private final PinRepository pins = new PinRepository(store.db);
    private final RosterRepository roster = new RosterRepository(store.db);

    @Test
    void watchedIsTheUnionOfEveryReplicasLiveWatchers() {
        watches.publish("replica-a", Map.of("w1", 2), Duration.ofSeconds(30)).block();
        watches.publish("replica-b", Map.of("w2", 1), Duration.ofSeconds(30)).block();
        assertThat(watches.watched().block()).containsExactlyInAnyOrder("w1", "w2");

        watches.publish("replica-a", Map.of(), Duration.ofSeconds(30)).block();
        assertThat(watches.watched().block()).containsExactly("w2");
    }

    @Test
    void aReplicaThatStopsPublishingStopsCounting() {
        watches.publish("replica-gone", Map.of("w3", 1), Duration.ofMillis(1)).block();
        store.db.sql("SELECT pg_sleep(0.05)").then().block();
        assertThat(watches.watched().block()).doesNotContain("w3");
    }

    @Test
    void onlyKnownLiveMeetingsArePinnedAndUnpinningIsIdempotent() {
        store.meeting("p1");
        assertThat(pins.pin("p1", "admin").block()).isTrue();
        assertThat(pins.pin("p1", "other").block()).isTrue();
        assertThat(pins.pin("unknown", "admin").block()).isFalse();
        assertThat(pins.pinnedLive().block()).contains("p1");

        assertThat(pins.unpin("p1").block()).isTrue();
        assertThat(pins.unpin("p1").block()).isFalse();
        assertThat(pins.pinnedLive().block()).doesNotContain("p1");
    }

    @Test
    void theRosterIsEveryoneTheJoinAndLeaveEventsNamed() {
        store.db.sql("""
                INSERT INTO meeting_participant (meeting_uuid, participant_key, joined, last_event_ts)
                VALUES ('r1', 'u:1', true, 1), ('r1', 'u:2', false, 2), ('r2', 'u:3', true, 1)""").then().block();

        assertThat(roster.keys("r1").block()).containsExactlyInAnyOrder("u:1", "u:2");
        assertThat(roster.keys("none").block()).isEmpty();
    }
}
