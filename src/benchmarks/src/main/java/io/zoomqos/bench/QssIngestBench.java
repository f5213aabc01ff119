package io.zoomqos.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zoomqos.collector.QosCollectorApplication;
import io.zoomqos.collector.events.qss.QssParser;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.StoredSample;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.ObjectMapper;

/**
 * QSS ingest at the seed's scale: 2,000 live meetings x 8 participants, {@code meeting.participant_qos}
 * events at 1 and at 6 per participant-minute (~267 and 1,600 events/s), offered over HTTP by a
 * separate JVM ({@link QssLoadGenerator}) to a running collector ({@code QOS_ZOOM_QSS=true}, live
 * polling on) on real PostgreSQL, its Zoom API pointed at a stub that counts every request
 * ({@link CountingZoomStub}). Both rates run one after the other against the same collector and
 * database, and are printed side by side: events offered, 200s, non-200s, events lost (answered
 * 200 but their participant-minute not stored with the values sent), time to 200 (p50, p99, max)
 * and the Zoom API calls in each phase.
 *
 * <p>Polling runs at the real interval (5 min), and the meetings started that long before the first
 * measured phase, so every meeting's first live poll falls due during it: "no QoS call" then means
 * the QSS gate held them back (the count is printed), not that none was due.
 *
 * <p>Run: {@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java
 * -Dexec.mainClass=io.zoomqos.bench.QssIngestBench}. Args: {@code phases meetings participants},
 * default {@code 1:60,6:60 2000 8} (perMinute:seconds). {@code BENCH_DB_JDBC} (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) points it at an existing server
 * instead of an embedded one (started with synchronous_commit and fsync on). {@code -Dbench.poll=false}
 * turns live polling off, to see what the planner's work costs the ingest path;
 * {@code -Dbench.pollInterval=30s} polls ten times as often (every meeting due in every phase);
 * {@code -Dbench.warmup=60} sets the warm-up phase's seconds.
 */
public final class QssIngestBench {

    private static final Pattern PHASE = Pattern.compile("(\\w+)=(\\S+)");

    private QssIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        String measured = args.length > 0 ? args[0] : "1:60,6:60";
        // The JIT compiles the ingest path during the first tens of seconds of load (C2 took more CPU
        // than the collector's own threads in a 90 s run); a collector that runs for days is past
        // that, so a warm-up phase at the first rate runs first and is reported apart.
        int warmUpSeconds = Integer.getInteger("bench.warmup", 60);
        Duration pollInterval = Duration.parse("PT" + System.getProperty("bench.pollInterval", "5m").toUpperCase(Locale.ROOT));
        String phases = (warmUpSeconds > 0 ? "w" + measured.split(":")[0] + ":" + warmUpSeconds + "," : "") + measured;
        int meetings = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int participants = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String loadAtStart = loadAverage();

        EmbeddedPostgres embedded = null;
        String jdbcBase = System.getenv("BENCH_DB_JDBC");
        if (jdbcBase == null || jdbcBase.isBlank()) {
            embedded = EmbeddedPostgres.builder()
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
            jdbcBase = "jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres?user=postgres";
        }
        String database = "qssbench_" + Long.toHexString(System.nanoTime());
        String settings;
        try (var c = DriverManager.getConnection(jdbcBase); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
            try (ResultSet rs = s.executeQuery("SELECT 'synchronous_commit=' || current_setting('synchronous_commit')"
                    + " || ' fsync=' || current_setting('fsync') || ', ' || split_part(version(), ' on ', 1)")) {
                rs.next();
                settings = rs.getString(1);
            }
        }
        java.net.URI base = java.net.URI.create(jdbcBase.substring("jdbc:".length()));
        String r2dbcUrl = "r2dbc:postgresql://" + base.getHost() + ":" + base.getPort() + "/" + database;

        String runTag = Long.toHexString(System.nanoTime()).substring(4);
        Path keysFile = Files.createTempFile("qss-bench-keys", ".txt");

        try (CpuSampler cpu = new CpuSampler();
             CountingZoomStub zoom = new CountingZoomStub();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(QosCollectorApplication.class)
                     .profiles("it")
                     .run("--server.port=0", "--qos.db.url=" + r2dbcUrl, "--qos.db.user=postgres", "--qos.db.password=",
                             "--qos.zoom.api-url=" + zoom.apiUrl(), "--qos.zoom.oauth-url=" + zoom.oauthUrl(),
                             "--qos.zoom.accounts[0].id=" + QssTraffic.ACCOUNT,
                             "--qos.zoom.accounts[0].webhook-secret=" + QssTraffic.SECRET,
                             "--qos.zoom.accounts[0].client-id=bench", "--qos.zoom.accounts[0].client-secret=bench",
                             "--qos.zoom.accounts[0].budget.per-second=16", "--qos.zoom.accounts[0].budget.headroom=0.10",
                             "--qos.zoom.accounts[0].budget.daily=60000", "--qos.zoom.accounts[0].budget.sweep-reserve=0.05",
                             "--qos.zoom.events.qss=true",
                             "--qos.poll.enabled=" + Boolean.parseBoolean(System.getProperty("bench.poll", "true")),
                             "--qos.poll.interval=" + pollInterval.toSeconds() + "s",
                             "--logging.level.root=WARN", "--logging.level.io.zoomqos=" + System.getProperty("bench.log", "WARN"))) {
            int port = Integer.parseInt(Objects.requireNonNull(app.getEnvironment().getProperty("local.server.port")));
            // At the real interval a meeting's first live poll falls due an interval (plus up to 20%
            // jitter) after its start: the meetings started that long before the first measured
            // phase, so every one of them falls due during it (once), when its QSS samples flow.
            Instant start = Instant.now().plusSeconds(warmUpSeconds + 10).minus(pollInterval).truncatedTo(ChronoUnit.SECONDS);
            QssTraffic traffic = new QssTraffic(runTag, meetings, participants, start);
            List<Map<String, String>> results = new ArrayList<>();
            int exit = runLoad(port, traffic, phases, keysFile, zoom, results);
            if (results.isEmpty()) {
                throw new IllegalStateException("the load generator reported no phase (exit " + exit + ")");
            }
            long endOfRun = System.currentTimeMillis();
            Map<Integer, long[]> lost = lostByPhase(app.getBean(QosRepository.class), traffic, keysFile);
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            var batches = meters.find("qos.qss.batch.size").summary();
            print(settings, traffic, results, lost, zoom, cpu, endOfRun, loadAtStart);
            var heldBack = meters.find("qos.poll.live.skipped").tag("reason", "qss").counter();
            System.out.printf(Locale.ROOT, "live polls that fell due and were held back by the QSS gate: %.0f (meetings: %d)%n",
                    heldBack == null ? 0 : heldBack.count(), traffic.meetings);
            if (batches != null) {
                System.out.printf(Locale.ROOT, "QSS group commit over the run: %d batches, mean %.1f events/batch, max %.0f%n",
                        batches.count(), batches.mean(), batches.max());
            }
        } finally {
            Files.deleteIfExists(keysFile);
            if (embedded != null) {
                embedded.close();
            }
        }
        System.exit(0);
    }

    /** Starts the load generator's JVM, echoes its output, and collects its PHASE lines. */
    private static int runLoad(int port, QssTraffic traffic, String phases, Path keysFile, CountingZoomStub zoom,
                               List<Map<String, String>> results) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath(), QssLoadGenerator.class.getName(),
                "http://127.0.0.1:" + port, traffic.runTag, Integer.toString(traffic.meetings),
                Integer.toString(traffic.participants), Long.toString(traffic.start.getEpochSecond()), phases,
                keysFile.toString());
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println("[load] " + line);
                    if (line.startsWith("STARTED")) {
                        // Zoom lists them live from now on (a reconciliation run would find them all).
                        List<String[]> live = new ArrayList<>();
                        for (int m = 0; m < traffic.meetings; m++) {
                            live.add(new String[] {traffic.uuid(m), Long.toString(traffic.meetingId(m)), "QSS bench " + m,
                                    traffic.start.toString()});
                        }
                        zoom.live(live);
                    } else if (line.startsWith("PHASE")) {
                        Map<String, String> fields = new LinkedHashMap<>();
                        Matcher f = PHASE.matcher(line);
                        while (f.find()) {
                            fields.put(f.group(1), f.group(2));
                        }
                        results.add(fields);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!child.waitFor(15, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new IllegalStateException("the load generator did not finish in 15 minutes");
        }
        reader.get(30, TimeUnit.SECONDS);
        return child.exitValue();
    }

    /**
     * exec:java runs the bench in a class loader of its own; the child gets that class path (or
     * this JVM's, when started with plain {@code java -cp}).
     */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (ClassLoader l = QssIngestBench.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(new File(url.toURI()).getPath());
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, entries);
    }

    /**
     * Per phase: {participant-minutes sent, of them answered 200 at least once, of those not stored
     * with the values sent, 200-answered events of those}. The expected sample is the sent JSON read
     * by the collector's own parser, so the comparison is on values, not on how they are spelled.
     */
    private static Map<Integer, long[]> lostByPhase(QosRepository repo, QssTraffic traffic, Path keysFile) throws Exception {
        Map<String, QosSample> stored = new HashMap<>();
        long lastId = 0;
        String prefix = "qss" + traffic.runTag;
        while (true) {
            List<StoredSample> page = repo.samplesAfter(lastId, 20_000).collectList().block(Duration.ofMinutes(2));
            if (page == null || page.isEmpty()) {
                break;
            }
            for (StoredSample row : page) {
                lastId = Math.max(lastId, row.id());
                QosSample q = row.sample();
                if (q.meetingUuid().startsWith(prefix)) {
                    stored.put(q.meetingUuid() + "|" + q.participantKey() + "|" + q.minute(), q);
                }
            }
        }
        QssParser parser = new QssParser(new SimpleMeterRegistry());
        ObjectMapper json = new ObjectMapper();
        Map<Integer, long[]> out = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(keysFile)) {
            String[] f = line.split(" ");
            int phase = Integer.parseInt(f[0]);
            int m = Integer.parseInt(f[1]);
            int p = Integer.parseInt(f[2]);
            Instant minute = Instant.ofEpochSecond(Long.parseLong(f[3]));
            long ok = Long.parseLong(f[4]);
            long[] c = out.computeIfAbsent(phase, x -> new long[4]);
            c[0]++;
            if (ok == 0) {
                continue; // never acknowledged: Zoom would redeliver it, not lost by us
            }
            c[1]++;
            QosSample want = parser.parse(json.readTree(traffic.qos(m, p, minute, 0))).samples().get(0);
            QosSample got = stored.get(want.meetingUuid() + "|" + want.participantKey() + "|" + want.minute());
            if (got == null || !SampleValues.same(got, want)) {
                c[2]++;
                c[3] += ok;
            }
        }
        return out;
    }


    private static void print(String settings, QssTraffic traffic, List<Map<String, String>> allPhases,
                              Map<Integer, long[]> lost, CountingZoomStub zoom, CpuSampler cpu, long endOfRun,
                              String loadAtStart) {
        for (int i = 0; i < allPhases.size(); i++) {
            Map<String, String> r = allPhases.get(i);
            long from = Long.parseLong(r.get("startMs"));
            long to = i + 1 < allPhases.size() ? Long.parseLong(allPhases.get(i + 1).get("startMs")) : endOfRun;
            r.put("calls", zoom.counts(from, to).toString());
            CpuSampler.Usage used = cpu.between(from, Long.parseLong(r.get("endMs")));
            double events = Math.max(1, Double.parseDouble(r.get("offered")));
            r.put("cpu", String.format(Locale.ROOT, "%.2f / %.2f / %.2f", used.jvmMs() / events, used.postgresMs() / events,
                    Double.parseDouble(r.get("cpuMs")) / events));
            r.put("busy", String.format(Locale.ROOT, "%.0f%%", 100 * used.machineBusy()));
        }
        allPhases.stream().filter(r -> Boolean.parseBoolean(r.get("warmUp"))).forEach(r -> {
            long[] c = lost.getOrDefault(Integer.parseInt(r.get("index")), new long[4]);
            System.out.printf(Locale.ROOT, "%nwarm-up (not in the figures): %s s at %s events/s, %s of %s answered 200, %d lost,"
                            + " time to 200 p50 / p99 %.1f / %.1f ms, CPU ms per event collector / PostgreSQL / load %s%n",
                    (Long.parseLong(r.get("sentEndMs")) - Long.parseLong(r.get("startMs"))) / 1000, r.get("rate"), r.get("ok"),
                    r.get("offered"), c[3], Long.parseLong(r.get("p50us")) / 1000.0, Long.parseLong(r.get("p99us")) / 1000.0,
                    r.get("cpu"));
        });
        List<Map<String, String>> results = allPhases.stream().filter(r -> !Boolean.parseBoolean(r.get("warmUp"))).toList();
        System.out.println();
        System.out.printf(Locale.ROOT, "QSS INGEST BENCH: %,d live meetings x %d participants, webhooks from a separate JVM,"
                + " PostgreSQL %s, %d cores%n", traffic.meetings, traffic.participants, settings,
                Runtime.getRuntime().availableProcessors());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-52s |", "figure"));
        results.forEach(r -> header.append(String.format(Locale.ROOT, " %-24s |", r.get("perMinute") + " event/participant-min")));
        System.out.println(header);
        System.out.println("|---" + "|---".repeat(results.size()) + "|");
        List<Map.Entry<String, java.util.function.Function<Map<String, String>, String>>> rows = new ArrayList<>();
        rows.add(Map.entry("offered rate events/s", r -> r.get("rate")));
        rows.add(Map.entry("events offered", r -> r.get("offered")));
        rows.add(Map.entry("200s", r -> r.get("ok")));
        rows.add(Map.entry("non-200s (by status) / connection errors / unanswered", r -> r.get("non200") + " "
                + r.get("statuses") + " / " + r.get("errors") + " / " + r.get("unanswered")));
        rows.add(Map.entry("participant-minutes sent / acknowledged", r -> {
            long[] c = lost.getOrDefault(Integer.parseInt(r.get("index")), new long[4]);
            return c[0] + " / " + c[1];
        }));
        rows.add(Map.entry("LOST: events 200'd whose minute is not stored right", r -> {
            long[] c = lost.getOrDefault(Integer.parseInt(r.get("index")), new long[4]);
            return c[3] + " (" + c[2] + " participant-minutes)";
        }));
        rows.add(Map.entry("time to 200 p50 / p99 / max ms", r -> String.format(Locale.ROOT, "%.1f / %.1f / %.0f",
                Long.parseLong(r.get("p50us")) / 1000.0, Long.parseLong(r.get("p99us")) / 1000.0,
                Long.parseLong(r.get("maxus")) / 1000.0)));
        rows.add(Map.entry("target p99", r -> Double.parseDouble(r.get("rate")) > 1000 ? "< 250 ms" : "< 100 ms"));
        rows.add(Map.entry("CPU ms per event: collector / PostgreSQL / load JVM", r -> r.get("cpu")));
        rows.add(Map.entry("machine CPU busy (all cores = 100%)", r -> r.get("busy")));
        rows.add(Map.entry("Zoom API calls in the phase (by kind)", r -> r.get("calls").isEmpty() || r.get("calls").equals("{}")
                ? "none" : r.get("calls")));
        for (var row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %-52s |", row.getKey()));
            results.forEach(r -> line.append(String.format(Locale.ROOT, " %-24s |", row.getValue().apply(r))));
            System.out.println(line);
        }
        if (results.size() > 1) {
            System.out.printf(Locale.ROOT, "ratio p99 at %s/s vs %s/s: %.2f%n", results.get(1).get("rate"), results.get(0).get("rate"),
                    Double.parseDouble(results.get(1).get("p99us")) / Math.max(1, Double.parseDouble(results.get(0).get("p99us"))));
        }
        System.out.println("Zoom API calls over the whole run (collector start included): " + zoom.counts(0, Long.MAX_VALUE)
                + "; meeting QoS calls for QSS meetings must be 0");
        zoom.first("meeting QoS", 5).forEach(c -> System.out.println("  meeting QoS call at " + Instant.ofEpochMilli(c.epochMillis())
                + " (meetings started " + traffic.start + "): " + c.path()));
        System.out.println("load average (1/5/15 min) at start: " + loadAtStart + "; at the end: " + loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
