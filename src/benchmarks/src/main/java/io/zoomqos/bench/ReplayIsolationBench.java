package io.zoomqos.bench;

import io.netty.buffer.ByteBuf;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zoomqos.collector.QosCollectorApplication;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Readers against writers: the webhook latency with and without 50 SSE clients resuming from
 * {@code 0-0} at the same time, side by side in one run on one database. Phases, each an open loop
 * of signed webhooks at a fixed offered rate (latency from the intended send time):
 * <ol>
 *   <li>baseline, nothing else running;</li>
 *   <li>the same while 50 replay clients, on a client event loop and connection pool of their own,
 *       each resume from {@code 0-0} over and over (a stream ends after {@code qos.live.replay-max}
 *       rows with {@code lagged}; a 503 is retried after its {@code Retry-After}, as EventSource
 *       would);</li>
 *   <li>baseline again, so drift of the shared machine shows.</li>
 * </ol>
 * It prints the p99 ratio of phase 2 over the mean of the two baselines.
 * Run from the repository root: {@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java
 * -Dexec.mainClass=io.zoomqos.bench.ReplayIsolationBench}; knobs (defaults shown):
 * {@code -Dbench.rate=50 -Dbench.seconds=20 -Dbench.replayers=50 -Dbench.rows=20000}.
 */
public final class ReplayIsolationBench {

    static final int RATE = Integer.getInteger("bench.rate", 50);
    static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
    static final int REPLAYERS = Integer.getInteger("bench.replayers", 50);
    static final int ROWS = Integer.getInteger("bench.rows", 20_000);

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "100")
                .start();
        String jdbcBase = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres?user=postgres";
        String database = "bench_" + Long.toHexString(System.nanoTime());
        try (var c = DriverManager.getConnection(jdbcBase); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        String r2dbcUrl = "r2dbc:postgresql://127.0.0.1:" + embedded.getPort() + "/" + database;
        ConfigurableApplicationContext app = new SpringApplicationBuilder(QosCollectorApplication.class)
                .profiles("it")
                .run("--server.port=0", "--qos.db.url=" + r2dbcUrl, "--qos.db.user=postgres", "--qos.db.password=",
                        // Every replayer comes from 127.0.0.1: the per-client limit is not what is measured here.
                        "--qos.live.limits.per-client=1000",
                        "--logging.level.root=WARN", "--logging.level.io.zoomqos=WARN");
        LoopResources replayLoops = LoopResources.create("replayers", 2, true);
        ConnectionProvider replayPool = ConnectionProvider.builder("replayers").maxConnections(REPLAYERS + 8).build();
        ConnectionProvider webhookPool = ConnectionProvider.builder("webhooks").maxConnections(512)
                .pendingAcquireMaxCount(-1).build();
        try {
            try (var c = DriverManager.getConnection(jdbcBase.replace("/postgres?", "/" + database + "?"));
                 Statement s = c.createStatement()) {
                s.execute("SELECT qos_sample_ensure_partition(current_date)");
                s.execute("INSERT INTO qos_sample (meeting_uuid, participant_key, minute, audio_input_latency_ms,"
                        + " audio_input_jitter_ms, audio_input_bitrate_kbps, video_input_fps)"
                        + " SELECT 'bench-meeting-' || (g % 200), 'u:' || g, date_trunc('minute', now()), g % 300, g % 40,"
                        + " 27.5, 30 FROM generate_series(1, " + ROWS + ") g");
            }
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient webhooks = HttpClient.create(webhookPool).baseUrl("http://127.0.0.1:" + port);
            HttpClient replays = HttpClient.create(replayPool).runOn(replayLoops).baseUrl("http://127.0.0.1:" + port);
            WebhookIngestBenchmark.Mix mix = new WebhookIngestBenchmark.Mix(7, 400);

            WebhookIngestBenchmark.closedLoop("warm-up", webhooks, mix, Duration.ofSeconds(5), 32);
            WebhookIngestBenchmark.Run before = WebhookIngestBenchmark.openLoop(webhooks, mix, RATE, PHASE);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong served = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            Flux<Void> replayers = Flux.range(0, REPLAYERS)
                    .flatMap(i -> replayUntil(replays, stop, served, refused, bytes), REPLAYERS);
            var running = replayers.subscribe();
            WebhookIngestBenchmark.Run during = WebhookIngestBenchmark.openLoop(webhooks, mix, RATE, PHASE);
            stop.set(true);
            running.dispose();
            WebhookIngestBenchmark.Run after = WebhookIngestBenchmark.openLoop(webhooks, mix, RATE, PHASE);

            double base = (p99(before) + p99(after)) / 2;
            System.out.println();
            System.out.printf(Locale.ROOT, "Webhook latency with and without %d SSE replays from 0-0 (%d sample rows,"
                    + " %d webhooks/s offered, %d s per phase)%n", REPLAYERS, ROWS, RATE, PHASE.toSeconds());
            System.out.printf(Locale.ROOT, "%-36s %9s %9s %9s %9s%n", "phase", "p50 ms", "p99 ms", "max ms", "non-200");
            print("baseline before", before);
            print(REPLAYERS + " replayers running", during);
            print("baseline after", after);
            System.out.printf(Locale.ROOT, "replays served whole=%d refused(503)=%d MB streamed=%.1f%n", served.get(),
                    refused.get(), bytes.get() / 1e6);
            System.out.printf(Locale.ROOT, "ratio webhook p99 with replays / mean baseline p99: %.2f (target < 1.5)%n",
                    p99(during) / base);
            System.out.println("load average at the end (1/5/15 min, " + Runtime.getRuntime().availableProcessors()
                    + " cores): " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        } finally {
            webhookPool.disposeLater().block(Duration.ofSeconds(10));
            replayPool.disposeLater().block(Duration.ofSeconds(10));
            replayLoops.disposeLater().block(Duration.ofSeconds(10));
            app.close();
            embedded.close();
        }
    }

    /** One client: resume from 0-0, read to the end, again; after a refusal wait its Retry-After. */
    private static Mono<Void> replayUntil(HttpClient http, AtomicBoolean stop, AtomicLong served, AtomicLong refused,
                                          AtomicLong bytes) {
        Mono<Void> once = http.headers(h -> h.set("accept", "text/event-stream"))
                .get().uri("/api/v1/qos/stream?lastEventId=0-0")
                .response((response, content) -> {
                    if (response.status().code() == 200) {
                        return content.map(ByteBuf::readableBytes).reduce(0L, Long::sum)
                                .doOnNext(n -> {
                                    bytes.addAndGet(n);
                                    served.incrementAndGet();
                                })
                                .then(Mono.<Void>empty());
                    }
                    refused.incrementAndGet();
                    String retry = response.responseHeaders().get("Retry-After");
                    long seconds = retry == null ? 1 : Long.parseLong(retry.trim());
                    return content.then(Mono.delay(Duration.ofSeconds(seconds)).then());
                })
                .then()
                .onErrorResume(e -> Mono.delay(Duration.ofSeconds(1)).then());
        return once.repeat(() -> !stop.get()).then();
    }

    private static double p99(WebhookIngestBenchmark.Run r) {
        return r.latencyMicros().getValueAtPercentile(99) / 1000.0;
    }

    private static void print(String name, WebhookIngestBenchmark.Run r) {
        System.out.printf(Locale.ROOT, "%-36s %9.2f %9.2f %9.2f %9d%n", name, r.latencyMicros().getValueAtPercentile(50) / 1000.0,
                p99(r), r.latencyMicros().getMaxValue() / 1000.0, r.failed());
    }

    private ReplayIsolationBench() {
    }
}
