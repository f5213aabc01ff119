package io.zoomqos.bench;

import io.netty.buffer.Unpooled;
import io.zoomqos.collector.webhook.WebhookSignature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The QSS bench's load, in a JVM of its own (started by {@link QssIngestBench}) so that sending,
 * signing and timing do not share the collector's CPU scheduling and heap: first every meeting's
 * {@code meeting.started}, then for each phase an open loop of {@code meeting.participant_qos}
 * events at fixed times (event {@code i} at {@code i / rate}; time to 200 measured from the intended
 * send time, so a stall is not hidden by the sender slowing down). Participants take turns
 * meeting-first, so every meeting has QSS flowing within {@code meetings / rate} seconds; an event
 * carries the minute of its intended send time.
 *
 * <p>Args: {@code baseUrl runTag meetings participants startEpochSecond phases out}, phases as
 * {@code perMinute:seconds,...}, a {@code w} before a phase marking it warm-up (run and reported like the
 * others; the bench leaves it out of its figures). Prints {@code STARTED ...}, one {@code PHASE ...} line per phase
 * and {@code DONE}; writes {@code phase meeting participant minuteEpochSecond ok failed} per
 * participant-minute sent to {@code out}.
 */
public final class QssLoadGenerator {

    private QssLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        QssTraffic traffic = new QssTraffic(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Instant.ofEpochSecond(Long.parseLong(args[4])));
        String[] phases = args[5].split(",");
        Path out = Path.of(args[6]);
        ConnectionProvider pool = ConnectionProvider.builder("qss-load").maxConnections(1024)
                .pendingAcquireMaxCount(-1).build();
        HttpClient http = HttpClient.create(pool).baseUrl(baseUrl);

        AtomicLong ok = new AtomicLong();
        Flux.range(0, traffic.meetings)
                .flatMap(m -> send(http, traffic.started(m, System.currentTimeMillis()))
                        .onErrorReturn(-1)
                        .doOnNext(s -> {
                            if (s == 200) {
                                ok.incrementAndGet();
                            }
                        }), 32)
                .blockLast(Duration.ofMinutes(2));
        System.out.println("STARTED meetings=" + traffic.meetings + " ok=" + ok.get());
        System.out.flush();

        try (PrintWriter keys = new PrintWriter(Files.newBufferedWriter(out))) {
            for (int i = 0; i < phases.length; i++) {
                boolean warmUp = phases[i].startsWith("w");
                String[] p = phases[i].substring(warmUp ? 1 : 0).split(":");
                phase(i, warmUp, http, traffic, Integer.parseInt(p[0]), Integer.parseInt(p[1]), keys);
            }
        }
        pool.disposeLater().block(Duration.ofSeconds(10));
        System.out.println("DONE");
        System.out.flush();
    }

    private static void phase(int index, boolean warmUp, HttpClient http, QssTraffic traffic, int perMinute, int seconds,
                              PrintWriter keys) throws InterruptedException {
        long cpuAtStart = processCpuNanos();
        int slots = traffic.meetings * traffic.participants;
        double rate = slots * perMinute / 60.0;
        int n = (int) Math.round(rate * seconds);
        long periodNanos = (long) (1e9 / rate);
        // Per participant-minute: [ok, failed].
        ConcurrentMap<String, AtomicLongArray> sent = new ConcurrentHashMap<>();
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong non200 = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(n);
        long startMillis = System.currentTimeMillis() + 50;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < n; i++) {
            long intended = start + i * periodNanos;
            for (long wait; (wait = intended - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            int slot = i % slots;
            int m = slot % traffic.meetings;
            int participant = slot / traffic.meetings;
            Instant minute = Instant.ofEpochMilli(startMillis + (intended - start) / 1_000_000).truncatedTo(ChronoUnit.MINUTES);
            AtomicLongArray counts = sent.computeIfAbsent(m + " " + participant + " " + minute.getEpochSecond(),
                    k -> new AtomicLongArray(2));
            send(http, traffic.qos(m, participant, minute, System.currentTimeMillis())).subscribe(status -> {
                latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                if (status == 200) {
                    ok.incrementAndGet();
                    counts.incrementAndGet(0);
                } else {
                    non200.incrementAndGet();
                    counts.incrementAndGet(1);
                }
                done.countDown();
            }, error -> {
                latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                errors.incrementAndGet();
                counts.incrementAndGet(1);
                done.countDown();
            });
        }
        long sentEnd = System.currentTimeMillis();
        boolean all = done.await(90, TimeUnit.SECONDS);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((s, c) -> byStatus.put(s, c.get()));
        System.out.printf(java.util.Locale.ROOT,
                "PHASE index=%d warmUp=%b perMinute=%d rate=%.1f offered=%d ok=%d non200=%d errors=%d unanswered=%d"
                        + " p50us=%d p99us=%d maxus=%d startMs=%d sentEndMs=%d endMs=%d cpuMs=%d statuses=%s%n",
                index, warmUp, perMinute, rate, n, ok.get(), non200.get(), errors.get(), all ? 0 : done.getCount(),
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue(),
                startMillis, sentEnd, System.currentTimeMillis(), (processCpuNanos() - cpuAtStart) / 1_000_000,
                byStatus.toString().replace(' ', '_'));
        System.out.flush();
        sent.forEach((k, c) -> keys.println(index + " " + k + " " + c.get(0) + " " + c.get(1)));
    }

    /** This JVM's CPU time: what offering the load costs the shared machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Mono<Integer> send(HttpClient http, byte[] body) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = WebhookSignature.sign(QssTraffic.SECRET, ts, body);
        return http.headers(h -> h.set("content-type", "application/json")
                        .set(WebhookSignature.TIMESTAMP_HEADER, ts)
                        .set(WebhookSignature.SIGNATURE_HEADER, signature))
                .post().uri("/webhooks/zoom")
                .send(Mono.just(Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
                .timeout(Duration.ofSeconds(30));
    }
}
