package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import static io.zoomqos.collector.store.StoreDatabase.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QosRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    private final StoreDatabase store = new StoreDatabase();

    private static List<QosSample> grid(String meeting, int participants, int minutes, long seed) {
        Random random = new Random(seed);
        List<QosSample> out = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            for (int m = 0; m < minutes; m++) {
                out.add(new QosSample(meeting, "u:" + p, T0.plus(Duration.ofMinutes(m)),
                        Map.of(StreamKind.AUDIO_INPUT, StoreDatabase.latency(random.nextInt(300), random.nextInt(80),
                                        random.nextDouble() * 5, 20 + random.nextInt(40)),
                                StreamKind.VIDEO_OUTPUT, new StreamMetrics(900.0, 40.0, 3.0, 0.1, 0.5, 1280, 720, 25.0)),
                        new CpuMetrics(1.0, 5.0, 9.0, 40.0)));
            }
        }
        return out;
    }

    @Test
    void storesFiveThousandSamplesInOneCallExactlyOnceAcrossChunksAndDays() {
        QosRepository repo = store.samples(700);
        List<QosSample> batch = grid("m-big", 5, 1000, 1); // 1000 minutes from 20:00 crosses midnight

        List<StoredSample> stored = repo.saveSamples(batch).block();

        assertThat(stored).hasSize(5000).allMatch(StoredSample::inserted);
        assertThat(stored).extracting(StoredSample::id).doesNotHaveDuplicates().isSorted();
        assertThat(store.count("SELECT count(*) FROM qos_sample")).isEqualTo(5000);
        assertThat(store.count("SELECT count(DISTINCT tableoid) FROM qos_sample")).isEqualTo(2);
        assertThat(stored).extracting(StoredSample::sample).containsExactlyInAnyOrderElementsOf(batch);
        assertThat(store.meters.get("qos.store.samples.written").tag("outcome", "inserted").counter().count()).isEqualTo(5000);
        assertThat(store.meters.get("qos.store.batch.size").summary().max()).isEqualTo(5000);
    }

    @Test
    void sameBatchTwiceStoresNothingNewAndReturnsNoRows() {
        QosRepository repo = store.samples(QosRepository.DEFAULT_CHUNK_SIZE);
        List<QosSample> batch = grid("m-dup", 3, 40, 2);
        repo.saveSamples(batch).block();

        List<StoredSample> again = repo.saveSamples(batch).block();

        assertThat(again).isEmpty();
        assertThat(store.count("SELECT count(*) FROM qos_sample")).isEqualTo(120);
        assertThat(store.count("SELECT max(revision) FROM qos_sample")).isZero();
        assertThat(store.meters.get("qos.store.samples.written").tag("outcome", "duplicate").counter().count()).isEqualTo(120);
    }

    @Test
    void resweepFillsOnlyAbsentValuesAndRepublishesTheRowUnderANewId() {
        QosRepository repo = store.samples(QosRepository.DEFAULT_CHUNK_SIZE);
        StreamMetrics partial = new StreamMetrics(30.0, null, 5.0, null, null, null, null, null);
        StoredSample first = repo.saveSamples(List.of(sample("m-fill", "u:1", T0, Map.of(StreamKind.AUDIO_INPUT, partial))))
                .block().get(0);
        StreamMetrics later = new StreamMetrics(99.0, 120.0, 77.0, 0.5, null, null, null, null);

        List<StoredSample> completed = repo.saveSamples(List.of(sample("m-fill", "u:1", T0, Map.of(StreamKind.AUDIO_INPUT, later))))
                .block();

        assertThat(completed).hasSize(1);
        StoredSample row = completed.get(0);
        assertThat(row.inserted()).isFalse();
        assertThat(row.revision()).isEqualTo(1);
        assertThat(row.id()).isGreaterThan(first.id());
        assertThat(row.sample().stream(StreamKind.AUDIO_INPUT))
                .isEqualTo(new StreamMetrics(30.0, 120.0, 5.0, 0.5, null, null, null, null));
        assertThat(repo.saveSamples(List.of(sample("m-fill", "u:1", T0, Map.of(StreamKind.AUDIO_INPUT, later)))).block()).isEmpty();
        assertThat(store.count("SELECT count(*) FROM qos_sample")).isEqualTo(1);
    }

    @Test
    void sameMinuteTwiceInOneBatchIsMergedIntoOneRow() {
        QosRepository repo = store.samples(QosRepository.DEFAULT_CHUNK_SIZE);
        QosSample a = sample("m-merge", "u:1", T0, Map.of(StreamKind.AUDIO_INPUT, new StreamMetrics(1.0, null, null, null, null, null, null, null)));
        QosSample b = sample("m-merge", "u:1", T0, Map.of(StreamKind.AUDIO_INPUT, new StreamMetrics(2.0, 3.0, null, null, null, null, null, null)));

        List<StoredSample> stored = repo.saveSamples(List.of(a, b)).block();

        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).sample().stream(StreamKind.AUDIO_INPUT).bitrateKbps()).isEqualTo(1.0);
        assertThat(stored.get(0).sample().stream(StreamKind.AUDIO_INPUT).latencyMs()).isEqualTo(3.0);
    }

    @Test
    void samplesAfterResumesFromTheLastSeenIdInIdOrder() {
        QosRepository repo = store.samples(QosRepository.DEFAULT_CHUNK_SIZE);
        List<StoredSample> first = repo.saveSamples(grid("m-resume", 2, 3, 3)).block();
        List<StoredSample> second = repo.saveSamples(grid("m-resume2", 2, 3, 4)).block();
        long lastSeen = first.get(first.size() - 1).id();

        List<StoredSample> resumed = repo.samplesAfter(lastSeen, 100).collectList().block();
        List<StoredSample> limited = repo.samplesAfter(lastSeen, 4).collectList().block();

        assertThat(resumed).isEqualTo(second);
        assertThat(limited).isEqualTo(second.subList(0, 4));
        assertThat(repo.samplesAfter(0, 100).collectList().block()).hasSize(12);
        assertThat(repo.latestSampleId().block()).isEqualTo(second.get(second.size() - 1).id());
    }

    @Test
    void concurrentWritersCommitIdsInOrderSoNoResumeMissesARow() {
        QosRepository repo = store.samples(50);
        List<List<StoredSample>> results = reactor.core.publisher.Flux.range(0, 8)
                .flatMap(i -> repo.saveSamples(grid("m-conc-" + i, 4, 50, i)), 8)
                .collectList().block();

        // Each call's ids form one contiguous block relative to the others: no interleaving.
        results.sort((x, y) -> Long.compare(x.get(0).id(), y.get(0).id()));
        for (int i = 1; i < results.size(); i++) {
            List<StoredSample> prev = results.get(i - 1);
            assertThat(results.get(i).get(0).id()).isGreaterThan(prev.get(prev.size() - 1).id());
        }
        assertThat(store.count("SELECT count(*) FROM qos_sample")).isEqualTo(8 * 200);
    }
}
