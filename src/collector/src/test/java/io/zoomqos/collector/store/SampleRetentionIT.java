package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class SampleRetentionIT {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(90)); // 2026-08-27T12:00Z
    private final StoreDatabase store = new StoreDatabase();
    private final QosRepository samples = store.samples(QosRepository.DEFAULT_CHUNK_SIZE);

    private SampleRetention retention(Clock clock, VirtualTimeScheduler scheduler) {
        return new SampleRetention(store.db, store.partitions, new RetentionProperties(Duration.ofDays(90), Duration.ofHours(1), 2),
                clock, scheduler, store.meters);
    }

    private void sampleAt(String key, Instant minute) {
        samples.saveSamples(List.of(new QosSample("m", key, minute,
                Map.of(StreamKind.AUDIO_INPUT, StoreDatabase.latency(10, 1, 0, 30)), CpuMetrics.ABSENT))).block();
    }

    @Test
    void removesExactlyTheSamplesOlderThanTheHorizon() {
        sampleAt("u:old-day", Instant.parse("2026-08-20T08:00:00Z"));
        sampleAt("u:day-before-cutoff", Instant.parse("2026-08-26T23:59:00Z"));
        sampleAt("u:just-older", CUTOFF.minusSeconds(60));
        sampleAt("u:at-cutoff", CUTOFF);
        sampleAt("u:recent", NOW.minusSeconds(3600));

        SampleRetention.Result result = retention(Clock.fixed(NOW, ZoneOffset.UTC), VirtualTimeScheduler.create()).runOnce().block();

        assertThat(result.cutoff()).isEqualTo(CUTOFF);
        assertThat(result.droppedPartitions()).containsExactly(LocalDate.parse("2026-08-20"), LocalDate.parse("2026-08-26"));
        assertThat(result.trimmedRows()).isEqualTo(1);
        assertThat(samples.samplesAfter(0, 100).map(s -> s.sample().participantKey()).collectList().block())
                .containsExactlyInAnyOrder("u:at-cutoff", "u:recent");
        assertThat(store.partitions.list().collectList().block()).containsExactly(LocalDate.parse("2026-08-27"),
                LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"));
    }

    @Test
    void writerRecreatesAPartitionDroppedBehindItsBack() {
        sampleAt("u:1", NOW);
        // Another replica's retention: this process's partition cache still believes in the day.
        store.db.sql("DROP TABLE qos_sample_20261125").then().block();

        sampleAt("u:2", NOW);

        assertThat(store.count("SELECT count(*) FROM qos_sample")).isEqualTo(1);
    }

    @Test
    void runsAtStartAndThenEveryIntervalOnTheInjectedScheduler() {
        VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        SampleRetention retention = retention(clock, scheduler);
        sampleAt("u:ages", CUTOFF.plusSeconds(1800));

        StepVerifier.create(retention.schedule().take(2))
                .expectNextMatches(r -> r.trimmedRows() == 0)
                .then(() -> {
                    now[0] = NOW.plus(Duration.ofHours(1));
                    scheduler.advanceTimeBy(Duration.ofHours(1));
                })
                .expectNextMatches(r -> r.trimmedRows() == 1 && r.cutoff().equals(CUTOFF.plus(Duration.ofHours(1))))
                .verifyComplete();
    }

    @Test
    void theSameRunDeletesPersonalDataPastTheHorizonAndKeepsTheRest() {
        Instant old = CUTOFF.minus(Duration.ofDays(1));
        Instant recent = NOW.minus(Duration.ofDays(1));
        for (String[] m : new String[][] {{"old-ended", "ended", "swept"}, {"old-unswept", "ended", "pending"},
                {"recent-ended", "ended", "swept"}}) {
            Instant at = m[0].startsWith("old") ? old : recent;
            store.db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, host_id, topic, state, sweep_state,"
                            + " start_time, end_time, updated_at) VALUES ($1, 1, 'acct', 'host', 'topic', $2, $3, $4, $4, $4)")
                    .bind(0, m[0]).bind(1, m[1]).bind(2, m[2]).bind(3, at).then().block();
            store.db.sql("INSERT INTO participant (meeting_uuid, participant_key, user_name, updated_at) VALUES ($1, 'u:1', 'Ann', $2)")
                    .bind(0, m[0]).bind(1, m[0].equals("old-ended") ? recent : at).then().block();
            store.db.sql("INSERT INTO meeting_participant (meeting_uuid, participant_key, joined, last_event_ts) VALUES ($1, 'u:1', true, $2)")
                    .bind(0, m[0]).bind(1, at.toEpochMilli()).then().block();
            store.db.sql("INSERT INTO webhook_event (account_id, event, event_ts, meeting_uuid, dedup_key, payload, received_at)"
                            + " VALUES ('acct', 'meeting.ended', 1, $1, $1, '{\"user_name\":\"Ann\"}'::jsonb, $2)")
                    .bind(0, m[0]).bind(1, m[0].equals("old-ended") ? recent : at).then().block();
            store.db.sql("INSERT INTO meeting_summary VALUES ($1, 1, 0, 10, 0, $2)").bind(0, m[0]).bind(1, recent).then().block();
            store.db.sql("INSERT INTO meeting_stream_summary (meeting_uuid, stream, minutes) VALUES ($1, 'audio_input', 10)")
                    .bind(0, m[0]).then().block();
            store.db.sql("INSERT INTO participant_summary VALUES ($1, 'u:1', 10, 0, false, $2)").bind(0, m[0]).bind(1, at).then().block();
            store.db.sql("INSERT INTO participant_stream_summary (meeting_uuid, participant_key, stream, minutes)"
                    + " VALUES ($1, 'u:1', 'audio_input', 10)").bind(0, m[0]).then().block();
        }

        SampleRetention.Result result = retention(Clock.fixed(NOW, ZoneOffset.UTC), VirtualTimeScheduler.create()).runOnce().block();

        // The finished old meeting goes whole, even rows whose own time is recent; the old one whose
        // sweep is still pending keeps its meeting row, but its rows with an old time of their own go.
        assertThat(uuids("meeting")).containsExactlyInAnyOrder("old-unswept", "recent-ended");
        assertThat(uuids("participant")).containsExactly("recent-ended");
        assertThat(uuids("meeting_participant")).containsExactly("recent-ended");
        assertThat(uuids("webhook_event")).containsExactly("recent-ended");
        assertThat(uuids("meeting_summary")).containsExactlyInAnyOrder("old-unswept", "recent-ended");
        assertThat(uuids("meeting_stream_summary")).containsExactlyInAnyOrder("old-unswept", "recent-ended");
        assertThat(uuids("participant_summary")).containsExactly("recent-ended");
        assertThat(uuids("participant_stream_summary")).containsExactly("recent-ended");
        assertThat(result.purgedRows()).containsEntry("meeting", 1L).containsEntry("participant", 2L)
                .containsEntry("webhook_event", 2L).containsEntry("participant_stream_summary", 2L);
    }

    private List<String> uuids(String table) {
        return store.db.sql("SELECT meeting_uuid FROM " + table).map(row -> row.get(0, String.class)).all().collectList().block();
    }
}
