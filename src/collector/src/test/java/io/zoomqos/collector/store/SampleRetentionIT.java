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
}
