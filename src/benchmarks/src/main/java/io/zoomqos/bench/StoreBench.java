package io.zoomqos.bench;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.QualityProperties;
import io.zoomqos.collector.store.StoreDatabase;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.store.Summaries;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Side-by-side costs of the store, on one PostgreSQL in one run (ratios, not absolute times):
 * batched UNNEST writes vs one row per statement, and the live-poll summary update (touched
 * participants + meeting roll-up) vs a full recompute.
 *
 * <pre>./mvnw -q -pl src/benchmarks -am test-compile exec:java -Dexec.mainClass=io.zoomqos.bench.StoreBench</pre>
 * (uses QOS_TEST_DB_URL when set, else an embedded PostgreSQL)
 */
public final class StoreBench {

    private static final int PARTICIPANTS = 100;
    private static final int MINUTES = 60;
    private static final int ROUNDS = 5;

    public static void main(String[] args) {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        System.out.printf("store bench: meeting of %d participants x %d minutes = %d samples, median of %d rounds%n",
                PARTICIPANTS, MINUTES, PARTICIPANTS * MINUTES, ROUNDS);
        double[] batched = new double[ROUNDS];
        double[] single = new double[ROUNDS];
        double[] duplicate = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            StoreDatabase a = new StoreDatabase();
            StoreDatabase b = new StoreDatabase();
            List<QosSample> rows = meeting("bench-" + r, t0, r);
            QosRepository chunked = a.samples(1000);
            batched[r] = millis(() -> chunked.saveSamples(rows).block());
            duplicate[r] = millis(() -> chunked.saveSamples(rows).block());
            single[r] = millis(() -> b.samples(1).saveSamples(rows).block());
        }
        StoreDatabase s = new StoreDatabase();
        s.samples(1000).saveSamples(meeting("summ", t0, 99)).block();
        Summaries summaries = s.summaries(new QualityProperties(150, 40, 2, 0.2));
        summaries.recompute("summ").block(); // warm-up
        List<String> touched = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            touched.add("u:" + p);
        }
        double[] full = new double[ROUNDS];
        double[] incremental = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            full[r] = millis(() -> summaries.recompute("summ").block());
            incremental[r] = millis(() -> summaries.recomputeParticipants("summ", touched).block());
        }
        System.out.println("| operation | median ms | vs |");
        System.out.println("|---|---:|---|");
        System.out.printf("| saveSamples 6,000 rows, UNNEST chunks of 1,000 | %.0f | 1.00 |%n", median(batched));
        System.out.printf("| saveSamples 6,000 rows, 1 row per statement | %.0f | %.1fx slower |%n", median(single),
                median(single) / median(batched));
        System.out.printf("| same 6,000 rows again (all duplicates) | %.0f | %.2fx of first write |%n", median(duplicate),
                median(duplicate) / median(batched));
        System.out.printf("| summaries: full recompute (100 participants) | %.0f | 1.00 |%n", median(full));
        System.out.printf("| summaries: 10 touched participants + meeting roll-up | %.0f | %.2fx of full |%n",
                median(incremental), median(incremental) / median(full));
        System.exit(0);
    }

    private static List<QosSample> meeting(String uuid, Instant t0, long seed) {
        Random random = new Random(seed);
        List<QosSample> rows = new ArrayList<>();
        for (int p = 0; p < PARTICIPANTS; p++) {
            for (int m = 0; m < MINUTES; m++) {
                rows.add(new QosSample(uuid, "u:" + p, t0.plus(Duration.ofMinutes(m)), Map.of(
                        StreamKind.AUDIO_INPUT, stream(random), StreamKind.AUDIO_OUTPUT, stream(random),
                        StreamKind.VIDEO_INPUT, stream(random), StreamKind.VIDEO_OUTPUT, stream(random)),
                        new CpuMetrics(1.0, 5.0, 12.0, 40.0)));
            }
        }
        return rows;
    }

    private static StreamMetrics stream(Random r) {
        return new StreamMetrics(20 + r.nextDouble() * 900, r.nextDouble() * 300, r.nextDouble() * 60, r.nextDouble() * 3,
                r.nextDouble() * 6, 1280, 720, 25.0);
    }

    private static double millis(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
