package io.zoomqos.bench;

import io.zoomqos.collector.QosCollectorApplication;
import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.LiveEventLog;
import io.zoomqos.collector.live.QosFeed;
import io.zoomqos.collector.support.TestDatabase;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The live feed under load, on one instance over loopback: 1,000 SSE subscribers while events are
 * committed (LiveEventLog.append: INSERT + COMMIT, then publish) at 500/s; then the pipeline's
 * saturated commit rate with and without those subscribers, side by side in the same run.
 *
 * <p>Run: {@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java
 * -Dexec.mainClass=io.zoomqos.bench.LiveFeedBench} (about 2 minutes; uses
 * QOS_TEST_DB_URL when set, else an embedded PostgreSQL).
 */
public final class LiveFeedBench {

    private static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    private static final String MEETING = "bench-meeting";
    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1_000);
    private static final int RATE = Integer.getInteger("bench.rate", 500);
    private static final Duration LATENCY_RUN = Duration.ofSeconds(Long.getLong("bench.latencySeconds", 20));
    private static final Duration SATURATION_RUN = Duration.ofSeconds(Long.getLong("bench.saturationSeconds", 10));
    private static final int IN_FLIGHT = 16;

    private final ConcurrentHistogram latency = new ConcurrentHistogram(3_600_000_000_000L, 3);
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong lagged = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong sseErrors = new AtomicLong();

    private LiveEventLog log;
    private QosFeed feed;
    private DatabaseClient db;
    private TransactionalOperator tx;

    public static void main(String[] args) {
        int code = 0;
        try {
            new LiveFeedBench().run();
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private void run() {
        TestDatabase.Server server = TestDatabase.server();
        String database = TestDatabase.freshDatabase();
        // System properties outrank application.yml (default properties would not).
        Map.of("server.port", "0",
                "server.shutdown", "immediate",
                "qos.db.url", server.r2dbcUrl(database),
                "qos.db.user", server.user(),
                "qos.db.password", server.password(),
                "qos.db.pool-max-size", "16",
                "qos.live.subscriber-limit", String.valueOf(SUBSCRIBERS * 2),
                // The bench's subscribers present no token: it measures the feed, not the sign-in.
                "qos.auth.disabled", "true",
                "logging.level.io.zoomqos.collector.live", "WARN").forEach(System::setProperty);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(QosCollectorApplication.class)
                .profiles("it")
                .run();
        log = app.getBean(LiveEventLog.class);
        feed = app.getBean(QosFeed.class);
        db = app.getBean(DatabaseClient.class);
        tx = TransactionalOperator.create(app.getBean(ReactiveTransactionManager.class));
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();

        String loadBefore = loadAverage();
        saturate(Duration.ofSeconds(3)); // warm-up: JIT, pool, table
        long heapWithout = heapAfterGc();
        double rateWithout = saturate(SATURATION_RUN);

        LoopResources clientLoop = LoopResources.create("bench-sse-client", 2, true);
        ConnectionProvider pool = ConnectionProvider.builder("bench-sse").maxConnections(SUBSCRIBERS + 100)
                .pendingAcquireMaxCount(-1).build();
        HttpClient http = HttpClient.create(pool).runOn(clientLoop).baseUrl("http://127.0.0.1:" + port);
        List<SseClient> clients = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            SseClient c = new SseClient(http);
            clients.add(c);
            c.connect();
            if (i % 100 == 99) {
                awaitSubscribers(i + 1);
            }
        }
        awaitSubscribers(SUBSCRIBERS);
        long heapWith = heapAfterGc();

        // Latency at the target rate: 2 s warm-up, then recorded.
        recording.set(false);
        long framesBefore = frames.get();
        long laggedBefore = lagged.get();
        long recordFrom = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long ticks = LATENCY_RUN.plusSeconds(2).toMillis() * RATE / 1000;
        AtomicLong appended = new AtomicLong();
        Flux.interval(Duration.ofNanos(1_000_000_000L / RATE))
                .onBackpressureDrop()
                .take(Duration.ofMillis(LATENCY_RUN.plusSeconds(2).toMillis()))
                .doOnNext(i -> {
                    if (!recording.get() && System.nanoTime() >= recordFrom) {
                        latency.reset();
                        recording.set(true);
                    }
                })
                .flatMap(i -> commitThenPublish().doOnNext(e -> appended.incrementAndGet()), 64)
                .blockLast();
        Mono.delay(Duration.ofMillis(500)).block(); // let the last frames arrive
        recording.set(false);
        Histogram lat = latency.copy();
        long laggedAtTarget = lagged.get() - laggedBefore;
        long framesAtTarget = frames.get() - framesBefore;
        int connectedAfterLatency = feed.subscribers();

        double rateWith = saturate(SATURATION_RUN);
        int connectedAfterSaturation = feed.subscribers();

        running.set(false);
        pool.disposeLater().block(Duration.ofSeconds(10));
        System.out.println();
        System.out.println("Live feed benchmark (one instance, loopback, 2 cores shared by server, PostgreSQL and SSE clients)");
        System.out.println("| measure | value | compared with / note |");
        System.out.println("|---|---|---|");
        System.out.printf("| SSE subscribers | %d | Reactor Netty HttpClient, two client event-loop threads |%n", SUBSCRIBERS);
        System.out.printf("| commit-to-client latency p50 | %.1f ms | %d samples at %d events/s; t taken when COMMIT answered, just before publish |%n",
                lat.getValueAtPercentile(50) / 1e6, lat.getTotalCount(), RATE);
        System.out.printf("| commit-to-client latency p99 | %.1f ms | target < 100 ms |%n", lat.getValueAtPercentile(99) / 1e6);
        System.out.printf("| commit-to-client latency max | %.1f ms | |%n", lat.getMaxValue() / 1e6);
        System.out.printf("| events committed at target rate | %d | of %d scheduled (%d/s for %d s) |%n",
                appended.get(), ticks, RATE, LATENCY_RUN.toSeconds() + 2);
        System.out.printf("| frames received at target rate | %d | committed x subscribers = %d |%n",
                framesAtTarget, appended.get() * SUBSCRIBERS);
        System.out.printf("| lagged at target rate | %d | subscribers cut off for falling %s events behind |%n",
                laggedAtTarget, "1000");
        System.out.printf("| subscribers still connected | %d after target rate, %d after saturation | clients reconnect with Last-Event-ID after lagged |%n",
                connectedAfterLatency, connectedAfterSaturation);
        System.out.printf("| heap after GC, 0 subscribers | %.1f MB | |%n", heapWithout / 1e6);
        System.out.printf("| heap after GC, %d subscribers | %.1f MB | includes the clients' own connections (same JVM): an upper bound |%n",
                SUBSCRIBERS, heapWith / 1e6);
        System.out.printf("| heap per subscriber | %.1f KB | (with - without) / subscribers |%n",
                (heapWith - heapWithout) / 1e3 / SUBSCRIBERS);
        System.out.printf("| saturated commits/s, 0 subscribers | %.0f | %d appends in flight, %d s |%n",
                rateWithout, IN_FLIGHT, SATURATION_RUN.toSeconds());
        System.out.printf("| saturated commits/s, %d subscribers | %.0f | same run, same database |%n", SUBSCRIBERS, rateWith);
        System.out.printf("| throughput ratio with/without | %.2f | target >= 0.95 |%n", rateWith / rateWithout);
        System.out.printf("| machine load average (1 min) | %s at start, %s at end | 2 cores; other builds share them |%n",
                loadBefore, loadAverage());
        System.out.printf("| lagged total / reconnects / client errors | %d / %d / %d | |%n",
                lagged.get(), reconnects.get(), sseErrors.get());
        System.out.println();
        app.close();
        clientLoop.disposeLater().block(Duration.ofSeconds(5));
    }

    private Mono<FeedEvent> append() {
        return log.append(FeedEvent.Type.ALERT, ACCOUNT, MEETING, null, Map.of("t", System.nanoTime()));
    }

    /**
     * A sample-writer stand-in: the same INSERT + COMMIT + publish as LiveEventLog.append, but
     * the payload's timestamp is taken once the commit has answered, so the latency measured is
     * commit-to-client and not the time spent waiting for a pooled connection.
     */
    private Mono<FeedEvent> commitThenPublish() {
        return tx.transactional(db.sql("INSERT INTO live_event (type, account_id, meeting_uuid, payload) "
                                + "VALUES ('ALERT', :account, :meeting, '{}'::jsonb) RETURNING id")
                        .bind("account", ACCOUNT).bind("meeting", MEETING)
                        .map(row -> row.get("id", Long.class)).all())
                .collectList()
                .map(ids -> new FeedEvent(FeedEvent.Type.ALERT, ACCOUNT, MEETING, null, ids.get(0),
                        Map.of("t", System.nanoTime())))
                .doOnNext(feed::publish);
    }

    /** Commits as fast as the pipeline allows for {@code d}; returns commits per second. */
    private double saturate(Duration d) {
        long start = System.nanoTime();
        long deadline = start + d.toNanos();
        Long n = Flux.generate(sink -> sink.next(1))
                .takeWhile(x -> System.nanoTime() < deadline)
                .flatMap(x -> append(), IN_FLIGHT)
                .count()
                .block();
        return n * 1e9 / (System.nanoTime() - start);
    }

    private void awaitSubscribers(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (feed.subscribers() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + feed.subscribers() + " of " + n + " subscribers connected");
            }
            Mono.delay(Duration.ofMillis(20)).block();
        }
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Mono.delay(Duration.ofMillis(200)).block();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** An SSE client that, like a browser's EventSource, reconnects with Last-Event-ID when its stream ends. */
    private final class SseClient {
        private final HttpClient http;
        private final StringBuilder buffer = new StringBuilder();
        private volatile String lastId;

        SseClient(HttpClient http) {
            this.http = http;
        }

        void connect() {
            buffer.setLength(0);
            String id = lastId;
            http.headers(h -> {
                        h.set("Accept", "text/event-stream");
                        if (id != null) {
                            h.set("Last-Event-ID", id);
                        }
                    })
                    .get().uri("/api/v1/qos/stream?meeting=" + MEETING)
                    .responseContent().asString(StandardCharsets.UTF_8)
                    .subscribe(this::onChunk, e -> {
                        sseErrors.incrementAndGet();
                        reconnect();
                    }, this::reconnect);
        }

        private void reconnect() {
            if (running.get()) {
                reconnects.incrementAndGet();
                connect();
            }
        }

        private void onChunk(String chunk) {
            buffer.append(chunk);
            int end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
                onFrame(buffer.substring(0, end));
                buffer.delete(0, end + 2);
            }
        }

        private void onFrame(String frame) {
            if (frame.startsWith(":")) {
                return;
            }
            long now = System.nanoTime();
            int idAt = frame.indexOf("id: ");
            if (idAt >= 0) {
                lastId = frame.substring(idAt + 4, frame.indexOf('\n', idAt));
            }
            if (frame.contains("event: lagged")) {
                lagged.incrementAndGet();
                return;
            }
            int t = frame.indexOf("\"t\":");
            if (t < 0) {
                return;
            }
            int e = t + 4;
            while (e < frame.length() && Character.isDigit(frame.charAt(e))) {
                e++;
            }
            frames.incrementAndGet();
            if (recording.get()) {
                latency.recordValue(Math.max(0, now - Long.parseLong(frame.substring(t + 4, e))));
            }
        }
    }
}
