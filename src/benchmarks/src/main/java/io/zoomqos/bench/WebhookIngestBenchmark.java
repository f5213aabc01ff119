package io.zoomqos.bench;

import io.netty.buffer.Unpooled;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zoomqos.collector.QosCollectorApplication;
import io.zoomqos.collector.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Webhook ingestion into real PostgreSQL (synchronous_commit=on, fsync=on: "durable" means it),
 * over loopback with Reactor Netty's HttpClient, signed like Zoom signs. Measured in one run on
 * one database:
 * <ol>
 *   <li>open loop at a fixed offered load (sends scheduled at fixed times; latency measured from
 *       the intended send time, so a stall is not hidden by the load generator slowing down);</li>
 *   <li>saturation: closed loop with many concurrent requests;</li>
 *   <li>the baseline: the same rows inserted by a raw R2DBC loop, one INSERT per row, each its
 *       own commit.</li>
 * </ol>
 * Run: {@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java
 * -Dexec.mainClass=io.zoomqos.bench.WebhookIngestBenchmark}. {@code BENCH_DB_JDBC}
 * (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) points it at an
 * existing server instead of an embedded one.
 */
public final class WebhookIngestBenchmark {

    static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    static final String SECRET = "fixture-secret-token-NOT-REAL";

    static final int OFFERED_RATE = Integer.getInteger("bench.rate", 1000);
    static final Duration OPEN_LOOP = Duration.ofSeconds(Integer.getInteger("bench.openSeconds", 20));
    static final Duration SATURATION = Duration.ofSeconds(Integer.getInteger("bench.saturationSeconds", 15));
    static final Duration RAW = Duration.ofSeconds(Integer.getInteger("bench.rawSeconds", 10));
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 256);

    record Event(String name, long ts, String uuid, String key, byte[] body) {
    }

    record Run(String name, long ok, long failed, double seconds, Histogram latencyMicros) {
        double perSecond() {
            return ok / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres embedded = null;
        String jdbcBase = System.getenv("BENCH_DB_JDBC");
        if (jdbcBase == null || jdbcBase.isBlank()) {
            // zonky turns synchronous_commit off by default; a durability benchmark needs it on.
            embedded = EmbeddedPostgres.builder()
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("log_min_duration_statement", System.getProperty("bench.logSlowMs", "-1"))
                    .start();
            jdbcBase = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres?user=postgres";
        }
        String database = "bench_" + Long.toHexString(System.nanoTime());
        String settings;
        try (var c = DriverManager.getConnection(jdbcBase); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
            try (ResultSet rs = s.executeQuery("SELECT current_setting('synchronous_commit') || '/' || current_setting('fsync') || ' ' || version()")) {
                rs.next();
                settings = rs.getString(1);
            }
        }
        java.net.URI base = java.net.URI.create(jdbcBase.substring("jdbc:".length()));
        String r2dbcUrl = "r2dbc:postgresql://" + base.getHost() + ":" + base.getPort() + "/" + database;

        ConfigurableApplicationContext app = new SpringApplicationBuilder(QosCollectorApplication.class)
                .profiles("it")
                .run("--server.port=0", "--qos.db.url=" + r2dbcUrl, "--qos.db.user=postgres", "--qos.db.password=",
                        "--logging.level.root=WARN", "--logging.level.io.zoomqos=WARN");
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(CONCURRENCY + 64)
                    .pendingAcquireMaxCount(-1).build();
            HttpClient http = HttpClient.create(pool).baseUrl("http://127.0.0.1:" + port);
            Mix mix = new Mix(42, 400);

            closedLoop("warm-up", http, mix, Duration.ofSeconds(5), 64);
            Run open = openLoop(http, mix, OFFERED_RATE, OPEN_LOOP);
            var meters = app.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            var sizes = meters.get("qos.webhooks.batch.size").summary();
            var times = meters.get("qos.webhooks.batch.duration").timer();
            System.out.printf(Locale.ROOT, "open loop: batches=%d mean size=%.1f mean commit=%.2f ms%n", sizes.count(), sizes.mean(), times.mean(TimeUnit.MILLISECONDS));
            Run saturated = closedLoop("saturation", http, mix, SATURATION, CONCURRENCY);
            System.out.printf(Locale.ROOT, "cumulative: batches=%d mean size=%.1f mean commit=%.2f ms max=%.1f%n", sizes.count(), sizes.mean(), times.mean(TimeUnit.MILLISECONDS), times.max(TimeUnit.MILLISECONDS));
            Run raw = rawInserts(r2dbcUrl, mix, RAW);
            long rows = count(jdbcBase.replace("/postgres?", "/" + database + "?"));

            System.out.println();
            System.out.println("Webhook ingestion into PostgreSQL (" + settings.split(",")[0] + ", synchronous_commit/fsync as shown)");
            System.out.printf(Locale.ROOT, "%-44s %12s %9s %9s %9s %8s%n", "run", "durable ev/s", "p50 ms", "p99 ms", "max ms", "non-200");
            print(open);
            print(saturated);
            print(raw);
            System.out.printf(Locale.ROOT, "ratio webhook saturation / raw single-row inserts: %.2f%n", saturated.perSecond() / raw.perSecond());
            System.out.printf(Locale.ROOT, "ratio webhook at %d ev/s offered / raw single-row inserts: %.2f%n", OFFERED_RATE, open.perSecond() / raw.perSecond());
            System.out.println("load average at the end (1/5/15 min, " + Runtime.getRuntime().availableProcessors()
                    + " cores): " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
            System.out.printf(Locale.ROOT, "webhook_event rows stored: %d (all 200s incl. warm-up: every 200 is a committed row)%n", rows);
            pool.disposeLater().block(Duration.ofSeconds(10));
        } finally {
            app.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void print(Run r) {
        System.out.printf(Locale.ROOT, "%-44s %12.0f %9.2f %9.2f %9.2f %8d%n", r.name, r.perSecond(),
                r.latencyMicros.getValueAtPercentile(50) / 1000.0, r.latencyMicros.getValueAtPercentile(99) / 1000.0,
                r.latencyMicros.getMaxValue() / 1000.0, r.failed);
    }

    /** Sends at fixed times (i / rate after the start), whatever the answers do; latency from the intended time. */
    static Run openLoop(HttpClient http, Mix mix, int rate, Duration duration) throws InterruptedException {
        int n = (int) (rate * duration.toSeconds());
        String ts = Long.toString(Instant.now().getEpochSecond());
        List<Event> events = new ArrayList<>(n);
        List<String> signatures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Event e = mix.next();
            events.add(e);
            signatures.add(WebhookSignature.sign(SECRET, ts, e.body));
        }
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < n; i++) {
            long intended = start + i * period;
            for (long wait; (wait = intended - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            send(http, events.get(i).body, ts, signatures.get(i)).subscribe(status -> {
                long now = System.nanoTime();
                latency.recordValue(Math.max(0, (now - intended) / 1000));
                (status == 200 ? ok : failed).incrementAndGet();
                lastAnswer.accumulateAndGet(now, Math::max);
                done.countDown();
            }, error -> {
                failed.incrementAndGet();
                done.countDown();
            });
        }
        done.await(60, TimeUnit.SECONDS);
        return new Run("open loop, " + rate + " ev/s offered", ok.get(), failed.get(),
                (lastAnswer.get() - start) / 1e9, latency);
    }

    /** Keeps {@code concurrency} requests in flight for the duration. */
    static Run closedLoop(String name, HttpClient http, Mix mix, Duration duration, int concurrency) {
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        Flux.<Event>generate(sink -> sink.next(mix.next()))
                .take(duration)
                .flatMap(e -> {
                    String ts = Long.toString(Instant.now().getEpochSecond());
                    String signature = WebhookSignature.sign(SECRET, ts, e.body);
                    long sent = System.nanoTime();
                    return send(http, e.body, ts, signature).doOnNext(status -> {
                        latency.recordValue((System.nanoTime() - sent) / 1000);
                        (status == 200 ? ok : failed).incrementAndGet();
                    }).onErrorResume(err -> {
                        failed.incrementAndGet();
                        return Mono.empty();
                    });
                }, concurrency)
                .blockLast(duration.plusSeconds(60));
        return new Run(name + ", " + concurrency + " in flight", ok.get(), failed.get(),
                (System.nanoTime() - start) / 1e9, latency);
    }

    private static Mono<Integer> send(HttpClient http, byte[] body, String ts, String signature) {
        return http.headers(h -> h.set("content-type", "application/json")
                        .set(WebhookSignature.TIMESTAMP_HEADER, ts)
                        .set(WebhookSignature.SIGNATURE_HEADER, signature))
                .post().uri("/webhooks/zoom")
                .send(Mono.just(Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.then(Mono.just(response.status().code())));
    }

    /** The same rows, the plain way: one INSERT per row on one connection, each committed on its own. */
    static Run rawInserts(String r2dbcUrl, Mix mix, Duration duration) {
        ConnectionFactory factory = ConnectionFactories.get(
                io.r2dbc.spi.ConnectionFactoryOptions.parse(r2dbcUrl).mutate()
                        .option(io.r2dbc.spi.ConnectionFactoryOptions.USER, "postgres").build());
        Connection c = Mono.from(factory.create()).block(Duration.ofSeconds(10));
        Flux.from(c.createStatement("CREATE TABLE raw_webhook_event (LIKE webhook_event INCLUDING ALL)").execute())
                .flatMap(Result::getRowsUpdated).blockLast(Duration.ofSeconds(10));
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        long start = System.nanoTime();
        long rows = Flux.<Event>generate(sink -> sink.next(mix.next()))
                .take(duration)
                .concatMap(e -> {
                    long sent = System.nanoTime();
                    return Flux.from(c.createStatement("INSERT INTO raw_webhook_event "
                                    + "(account_id, event, event_ts, meeting_uuid, dedup_key, payload) "
                                    + "VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING")
                            .bind("$1", ACCOUNT).bind("$2", e.name).bind("$3", e.ts).bind("$4", e.uuid)
                            .bind("$5", e.key).bind("$6", new String(e.body, StandardCharsets.UTF_8))
                            .execute())
                            .flatMap(Result::getRowsUpdated)
                            .doOnNext(x -> latency.recordValue((System.nanoTime() - sent) / 1000));
                }, 1)
                .count()
                .block(duration.plusSeconds(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        Mono.from(c.close()).block(Duration.ofSeconds(10));
        return new Run("raw R2DBC loop, 1 INSERT + commit per row", rows, 0, seconds, latency);
    }

    private static long count(String jdbc) throws Exception {
        try (var c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM webhook_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Zoom-like traffic over many meetings: each meeting starts, collects participant joins and
     * some leaves, and ends; an ended meeting is replaced by a new one. Seeded, so runs compare.
     */
    static final class Mix {
        private final SplittableRandom random;
        private final String[] uuids;
        private final long[] ids;
        private final int[] participants;
        private final String runTag = Long.toHexString(System.nanoTime());
        private long meetingCounter;
        private long ts = Instant.now().toEpochMilli();

        Mix(long seed, int meetings) {
            random = new SplittableRandom(seed);
            uuids = new String[meetings];
            ids = new long[meetings];
            participants = new int[meetings];
            for (int m = 0; m < meetings; m++) {
                replace(m);
            }
        }

        private void replace(int m) {
            meetingCounter++;
            uuids[m] = "/bench" + runTag + "+" + meetingCounter + "==";
            ids[m] = 80_000_000_000L + meetingCounter;
            participants[m] = -1; // not started yet
        }

        synchronized Event next() {
            int m = random.nextInt(uuids.length);
            long eventTs = ++ts;
            String uuid = uuids[m];
            String event;
            String participant = null;
            if (participants[m] < 0) {
                event = "meeting.started";
                participants[m] = 0;
            } else if (participants[m] > 20 && random.nextInt(100) == 0) {
                event = "meeting.ended";
                replace(m);
            } else if (participants[m] > 0 && random.nextInt(10) == 0) {
                event = "meeting.participant_left";
                participant = "u" + random.nextInt(participants[m]);
            } else {
                event = "meeting.participant_joined";
                participant = "u" + participants[m]++;
            }
            String object = "\"id\":\"" + ids[m] + "\",\"uuid\":\"" + uuid + "\",\"host_id\":\"z8yCxjTzRkWq3pLmNoPaBc\","
                    + "\"topic\":\"Weekly platform sync\",\"type\":2,\"start_time\":\"2025-03-10T14:00:05Z\","
                    + "\"timezone\":\"America/New_York\",\"duration\":60";
            if (event.equals("meeting.ended")) {
                object += ",\"end_time\":\"2025-03-10T14:47:31Z\"";
            }
            if (participant != null) {
                String time = event.endsWith("joined") ? "join_time" : "leave_time";
                object += ",\"participant\":{\"user_id\":\"" + participant + "\",\"user_name\":\"Participant\","
                        + "\"" + time + "\":\"2025-03-10T14:01:00Z\",\"email\":\"\"}";
            }
            String body = "{\"event\":\"" + event + "\",\"event_ts\":" + eventTs + ",\"payload\":{\"account_id\":\""
                    + ACCOUNT + "\",\"object\":{" + object + "}}}";
            String key = event + "|" + eventTs + "|" + uuid + (participant == null ? "" : "|u:" + participant);
            return new Event(event, eventTs, uuid, key, body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
