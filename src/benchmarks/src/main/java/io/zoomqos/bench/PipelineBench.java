package io.zoomqos.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.RequestLog;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.demo.DemoApplication;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.support.GroundTruthSamples;
import io.zoomqos.collector.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The seed's load (meetings of 7-10 participants, 30-60 minutes, one account with a 16 req/s
 * budget and 10% headroom) through the whole collector against the demo's simulator: the
 * application is started in-process (webhooks from the simulator, planner, budget, Zoom client,
 * PostgreSQL), one fresh database per scenario, and measured from the simulator's side (request
 * log, ground truth) and from PostgreSQL.
 *
 * <p>Scaling (see docs/benchmarks.md#pipelinebench-the-whole-pipeline-at-the-seeds-load): meeting
 * time runs {@code k} times faster than real time, the poll interval (5 simulated minutes) runs
 * faster alike ({@code 300/k} real seconds), and the number of concurrent meetings is {@code 2,000/k}, so live demand
 * ({@code meetings / interval}) and sweep demand ({@code meetings / mean duration}) are the seed's
 * in real requests per second; the budget and the simulator's limit are in real seconds.
 *
 * <p>Run: {@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java
 * -Dexec.mainClass=io.zoomqos.bench.PipelineBench} (args: scenarios, comma-separated,
 * from {@code nominal,overload,full}; default {@code nominal,overload}).
 */
public final class PipelineBench {

    private static final String ACCOUNT = "demo-account";
    private static final double EFFECTIVE = 16 * 0.9;

    /**
     * @param k time scale (simulated seconds per real second)
     * @param meetingsPerWave meetings started per {@code startWindow}
     * @param continuous whether waves repeat
     * @param steadyFrom real seconds after start from which rates, lag and staleness are measured
     */
    record Scenario(String name, double k, int meetingsPerWave, Duration startWindow, boolean continuous,
                    int runSeconds, int steadyFrom) {
        /** Concurrent meetings once the first meetings end (starts per minute x 45-minute mean duration). */
        double concurrent() {
            return continuous ? meetingsPerWave * 45.0 / startWindow.toMinutes() : meetingsPerWave;
        }
    }

    static final Map<String, Scenario> SCENARIOS = Map.of(
            // 2,000 / 10 concurrent meetings, interval 30 s real, meetings 3-6 real minutes.
            "nominal", new Scenario("nominal (seed / k)", 10, 200, Duration.ofMinutes(45), true, 450, 270),
            // 3x the meetings for the same budget.
            "overload", new Scenario("3x overload", 10, 600, Duration.ofMinutes(45), true, 450, 270),
            // Real time, all 2,000 meetings: they start within 2 minutes, first polls due 5-8 minutes later.
            "full", new Scenario("2,000 at k=1 (slice)", 1, 2000, Duration.ofMinutes(2), false, 540, 300));

    public static void main(String[] args) throws Exception {
        List<String> names = Arrays.asList((args.length > 0 ? args[0] : "nominal,overload").split(","));
        List<Map<String, String>> columns = new ArrayList<>();
        for (String name : names) {
            Scenario s = SCENARIOS.get(name.trim());
            if (s == null) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: " + SCENARIOS.keySet());
            }
            Map<String, String> column = run(s);
            columns.add(column);
            column.forEach((k, v) -> System.out.printf("  %-48s %s%n", k, v)); // in case a later scenario fails
        }
        System.out.println();
        System.out.println("PIPELINE BENCH (one account, budget 16 req/s - 10% headroom = 14.4/s, paced at 14/s; simulator"
                + " enforces 16 req/s sliding window; load average now " + String.format(Locale.ROOT, "%.2f", load()) + ")");
        List<String> rows = new ArrayList<>(columns.get(0).keySet());
        StringBuilder header = new StringBuilder(String.format("| %-46s |", "figure"));
        for (Map<String, String> c : columns) {
            header.append(String.format(" %-26s |", c.get("scenario")));
        }
        System.out.println(header);
        System.out.println("|---" + "|---".repeat(columns.size()) + "|");
        for (String row : rows) {
            if (row.equals("scenario")) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format("| %-46s |", row));
            for (Map<String, String> c : columns) {
                line.append(String.format(" %-26s |", c.getOrDefault(row, "")));
            }
            System.out.println(line);
        }
        System.exit(0);
    }

    private static Map<String, String> run(Scenario s) throws Exception {
        TestDatabase.Server server = TestDatabase.server();
        String database = TestDatabase.freshDatabase();
        String[] props = {
                "--server.port=0",
                "--qos.db.url=" + server.r2dbcUrl(database),
                "--qos.db.user=" + server.user(),
                "--qos.db.password=" + server.password(),
                "--qos.simulator.seed=11",
                "--qos.simulator.time-scale=" + s.k(),
                "--qos.simulator.meetings=" + s.meetingsPerWave(),
                "--qos.simulator.start-window=" + s.startWindow().toSeconds() + "s",
                "--qos.simulator.continuous=" + s.continuous(),
                "--qos.simulator.duration-min=30m",
                "--qos.simulator.duration-max=60m",
                "--qos.simulator.participants-min=7",
                "--qos.simulator.participants-max=10",
                "--qos.simulator.request-log-capacity=2000000",
                // The daily quota is not under test: the collector spreads it over the REAL time
                // left until 00:00 UTC, while the simulator's day is k times shorter, so both are
                // set out of reach and only the per-second budget (16, 10% headroom) governs.
                "--QOS_BUDGET_DAILY=100000000",
                "--qos.simulator.daily-limit=100000000",
                "--qos.poll.interval=5m",
                "--qos.cluster.renew-every=1s",
                "--qos.cluster.safety-margin=1s",
                "--logging.level.root=WARN",
                "--logging.level.io.zoomqos=WARN",
        };
        System.out.printf(Locale.ROOT, "%n=== %s: k=%.0f, ~%.0f concurrent meetings, interval %.0f s real, run %d s, steady from %d s%n",
                s.name(), s.k(), s.concurrent(), 300 / s.k(), s.runSeconds(), s.steadyFrom());
        SpringApplication app = new SpringApplication(DemoApplication.class);
        app.setAdditionalProfiles(DemoApplication.PROFILE);
        try (ConfigurableApplicationContext ctx = app.run(props)) {
            SimulatedZoom zoom = ctx.getBean(SimulatedZoom.class);
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            Instant begin = Instant.now();
            Instant steady = begin.plusSeconds(s.steadyFrom());
            Instant end = begin.plusSeconds(s.runSeconds());
            double lagP50 = Double.NaN;
            double lagP99 = Double.NaN;
            int maxTracked = 0;
            int maxPlanned = 0;
            io.zoomqos.collector.polling.PollingService polling = ctx.getBean(io.zoomqos.collector.polling.PollingService.class);
            while (Instant.now().isBefore(end)) {
                TimeUnit.SECONDS.sleep(15);
                GroundTruth t = zoom.groundTruth();
                RequestLog.AccountStats st = zoom.requestLog().stats(ACCOUNT);
                int live = t.liveMeetings().size();
                maxTracked = Math.max(maxTracked, live);
                int planned = polling.snapshots().stream().mapToInt(p -> p.live() + p.sweeping()).sum();
                maxPlanned = Math.max(maxPlanned, planned);
                Timer lag = meters.find("qos.poll.lag").timer();
                if (lag != null && !Instant.now().isBefore(steady)) {
                    // Micrometer's percentiles decay over ~2 minutes: this is the recent lag.
                    for (ValueAtPercentile v : lag.takeSnapshot().percentileValues()) {
                        if (v.percentile() == 0.5) {
                            lagP50 = Math.max(Double.isNaN(lagP50) ? 0 : lagP50, v.value(TimeUnit.MILLISECONDS));
                        } else if (v.percentile() == 0.99) {
                            lagP99 = Math.max(Double.isNaN(lagP99) ? 0 : lagP99, v.value(TimeUnit.MILLISECONDS));
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "t=%3ds planner=%d live=%d ended=%d admitted=%d 429s=%d peak/s=%d load=%.2f%n",
                        Duration.between(begin, Instant.now()).toSeconds(), planned, live, t.endedMeetings().size(),
                        st.heavyAdmitted(), st.perSecondRejected() + st.dailyRejected(), st.peakAttemptsPerSecond(), load());
            }
            return measure(s, ctx, zoom, begin, steady, lagP50, lagP99, maxTracked, maxPlanned);
        }
    }

    private static Map<String, String> measure(Scenario s, ConfigurableApplicationContext ctx, SimulatedZoom zoom,
                                               Instant begin, Instant steady, double lagP50, double lagP99, int maxLive,
                                               int maxPlanned) {
        Map<String, String> out = new LinkedHashMap<>();
        GroundTruth truth = zoom.groundTruth();
        Instant measuredAt = Instant.now();
        out.put("scenario", s.name());
        out.put("time scale k / interval real", String.format(Locale.ROOT, "%.0f / %.0f s", s.k(), 300 / s.k()));
        out.put("concurrent meetings (target / max live / max in planner)", String.format(Locale.ROOT, "%.0f / %d / %d",
                s.concurrent(), maxLive, maxPlanned));
        double liveDemand = s.concurrent() / (300 / s.k());
        double sweepDemand = s.continuous() ? 2 * s.concurrent() / (2700 / s.k()) : 0;
        out.put("offered demand req/s (live + sweeps)", String.format(Locale.ROOT, "%.1f + %.1f = %.2f of 14.4",
                liveDemand, sweepDemand, (liveDemand + sweepDemand) / EFFECTIVE));

        // Requests as the simulator saw them.
        List<RequestLog.Entry> heavy = zoom.requestLog().entries().stream()
                .filter(e -> ACCOUNT.equals(e.accountId()) && e.path().startsWith("/v2/")).toList();
        RequestLog.AccountStats st = zoom.requestLog().stats(ACCOUNT);
        long inSteady = heavy.stream().filter(e -> e.status() != 429 && !e.realTime().isBefore(steady)
                && e.realTime().isBefore(measuredAt)).count();
        double steadySeconds = Duration.between(steady, measuredAt).toMillis() / 1000.0;
        double rate = inSteady / steadySeconds;
        out.put("requests/s in steady window", String.format(Locale.ROOT, "%.2f (%.0f s)", rate, steadySeconds));
        out.put("budget utilisation of 14.4 / of 14", String.format(Locale.ROOT, "%.1f%% / %.1f%%",
                100 * rate / EFFECTIVE, 100 * rate / 14));
        out.put("429s (per-second + daily)", Long.toString(st.perSecondRejected() + st.dailyRejected()));
        long[] times = heavy.stream().mapToLong(e -> e.realTime().toEpochMilli() * 1_000_000L + e.realTime().getNano() % 1_000_000).sorted().toArray();
        out.put("max req in any sliding 1 s / windows >16 / >14", String.format(Locale.ROOT, "%d / %d / %d",
                maxInWindow(times), windowsOver(times, 16), windowsOver(times, 14)));
        out.put("poll lag p50 / p99 (qos.poll.lag, worst in window)", String.format(Locale.ROOT, "%.0f ms / %.0f ms", lagP50, lagP99));

        // Staleness: real time between consecutive live polls of a meeting, both in the steady window.
        Map<String, SimMeeting> byUuid = new HashMap<>();
        truth.meetings().forEach(m -> byUuid.put(m.uuid(), m));
        Map<String, List<Instant>> livePolls = new HashMap<>();
        for (RequestLog.Entry e : heavy) {
            if (e.status() != 200 || e.realTime().isBefore(steady)) {
                continue;
            }
            String uuid = meetingOf(e.path());
            SimMeeting m = uuid == null ? null : byUuid.get(uuid);
            if (m != null && e.simTime().isBefore(m.end()) && e.path().endsWith("/participants/qos")) {
                livePolls.computeIfAbsent(uuid, u -> new ArrayList<>()).add(e.realTime());
            }
        }
        out.put("distinct meetings polled live in window", Integer.toString(livePolls.size()));
        List<Double> meanGaps = new ArrayList<>();
        List<Double> allGaps = new ArrayList<>();
        for (List<Instant> polls : livePolls.values()) {
            if (polls.size() < 3) {
                continue; // at least two gaps, so one meeting's figure is not a single sample
            }
            double sum = 0;
            for (int i = 1; i < polls.size(); i++) {
                double g = Duration.between(polls.get(i - 1), polls.get(i)).toMillis() / 1000.0;
                sum += g;
                allGaps.add(g);
            }
            meanGaps.add(sum / (polls.size() - 1));
        }
        if (meanGaps.isEmpty()) {
            out.put("staleness: meetings / mean gap min..max", "n/a (no meeting polled 3x in window)");
            out.put("staleness spread max/min (target <= 1.5)", "n/a");
        } else {
            double min = meanGaps.stream().mapToDouble(d -> d).min().orElseThrow();
            double max = meanGaps.stream().mapToDouble(d -> d).max().orElseThrow();
            allGaps.sort(Double::compare);
            out.put("staleness: meetings / mean gap min..max", String.format(Locale.ROOT, "%d / %.1f..%.1f s",
                    meanGaps.size(), min, max));
            out.put("gap between polls p50 / p99 / max", String.format(Locale.ROOT, "%.1f / %.1f / %.1f s",
                    allGaps.get(allGaps.size() / 2), allGaps.get((int) (allGaps.size() * 0.99)), allGaps.get(allGaps.size() - 1)));
            out.put("staleness spread max/min (target <= 1.5)", String.format(Locale.ROOT, "%.2f", max / min));
        }

        // Completeness: meetings that ended long enough ago for their sweep (past data after 2
        // simulated minutes, then sweep retries) to have run: 90 real seconds.
        Instant cutoff = truth.now().minusSeconds((long) (90 * s.k()));
        Set<String> eligible = new HashSet<>();
        for (SimMeeting m : truth.endedMeetings()) {
            if (!m.end().isAfter(cutoff)) {
                eligible.add(m.uuid());
            }
        }
        DatabaseClient db = ctx.getBean(DatabaseClient.class);
        Map<String, Long> sweepStates = new HashMap<>();
        db.sql("SELECT meeting_uuid, sweep_state FROM meeting").map(r -> Map.entry(
                        r.get("meeting_uuid", String.class), String.valueOf(r.get("sweep_state", String.class))))
                .all().collectList().block(Duration.ofSeconds(30))
                .forEach(e -> {
                    if (eligible.contains(e.getKey())) {
                        sweepStates.merge(e.getValue(), 1L, Long::sum);
                    }
                });
        long sweptAll = db.sql("SELECT count(*) AS n FROM meeting WHERE sweep_state = 'swept'")
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(30));
        out.put("meetings started / ended (all run)", truth.meetings().size() + " / " + truth.endedMeetings().size());
        out.put("sweeps completed (all run)", Long.toString(sweptAll));
        out.put("ended >=90 s real ago: n / sweep states", eligible.size() + " / " + sweepStates);

        QosRepository repo = ctx.getBean(QosRepository.class);
        Map<String, QosSample> stored = new HashMap<>();
        long duplicates = 0;
        long lastId = 0;
        while (true) {
            List<StoredSample> page = repo.samplesAfter(lastId, 20_000).collectList().block(Duration.ofMinutes(2));
            if (page.isEmpty()) {
                break;
            }
            for (StoredSample row : page) {
                lastId = Math.max(lastId, row.id());
                QosSample q = row.sample();
                if (eligible.contains(q.meetingUuid())
                        && stored.put(q.meetingUuid() + "|" + q.participantKey() + "|" + q.minute(), q) != null) {
                    duplicates++;
                }
            }
        }
        long expected = 0;
        long found = 0;
        long equal = 0;
        for (String uuid : eligible) {
            for (QosSample want : GroundTruthSamples.of(truth, uuid)) {
                expected++;
                QosSample got = stored.remove(want.meetingUuid() + "|" + want.participantKey() + "|" + want.minute());
                if (got != null) {
                    found++;
                    if (got.equals(want) || SampleValues.same(got, want)) {
                        equal++;
                    }
                }
            }
        }
        out.put("completeness: stored / ground truth samples", String.format(Locale.ROOT, "%d / %d = %.3f%%",
                found, expected, expected == 0 ? 0 : 100.0 * found / expected));
        out.put("stored with Zoom's exact values", Long.toString(equal));
        out.put("duplicates / rows not in ground truth", duplicates + " / " + stored.size());
        return out;
    }


    static int maxInWindow(long[] t) {
        int max = 0;
        int j = 0;
        for (int i = 0; i < t.length; i++) {
            while (t[j] <= t[i] - 1_000_000_000L) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    /** Sliding windows (one ending at each request) holding more than {@code n} requests. */
    static long windowsOver(long[] t, int n) {
        long over = 0;
        int j = 0;
        for (int i = 0; i < t.length; i++) {
            while (t[j] <= t[i] - 1_000_000_000L) {
                j++;
            }
            over += i - j + 1 > n ? 1 : 0;
        }
        return over;
    }

    /** The meeting UUID of {@code /v2/metrics/meetings/{id}/participants...}, decoded (once or twice). */
    static String meetingOf(String path) {
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        String[] s = p.split("/");
        // "", "v2", "metrics", "meetings", id, ...
        if (s.length < 5) {
            return null;
        }
        String once = decode(s[4]);
        return once.indexOf('%') >= 0 ? decode(once) : once;
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
