package io.zoomqos.bench;

import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.support.GroundTruthSamples;
import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.demo.DemoApplication;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.RequestLog;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * Coverage under event loss: the demo's simulator never delivers 10% of the {@code meeting.started}
 * and 10% of the {@code meeting.ended} webhooks, the collector takes webhooks (no WebSocket), and
 * the same seeded meetings run twice, with reconciliation (List meetings {@code type=live} every
 * {@code qos.reconcile.interval}, 10 simulated minutes) and without it. Printed side by side: the
 * share of ended meetings fully collected (every ground-truth participant-minute stored with Zoom's
 * values), the same for the meetings whose start or end was lost, and the quota reconciliation
 * spent, measured in the run and extrapolated to a real 24 h day.
 *
 * <p>Time scale k (default 30): meeting time, the poll interval (5 min), the reconcile interval
 * (10 min) and every wait run k times faster; {@code meetings} (default 60) start per 45 simulated
 * minutes, continuously, so about that many are live at once once the first ones end (30-60
 * simulated minutes), and the live demand in real requests per second is {@code meetings x k / 300}
 * (6/s at the defaults, inside the 14/s budget). The daily quota is set out of reach on both sides
 * (as in PipelineBench: the budget spreads it over real time, the simulator's day is k times shorter).
 *
 * <p>Run: {@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java
 * -Dexec.mainClass=io.zoomqos.bench.CoverageUnderLossBench} (args: {@code seconds k meetings},
 * default {@code 240 30 60}; the database as in PipelineBench: {@code QOS_TEST_DB_URL} or embedded).
 */
public final class CoverageUnderLossBench {

    private static final String ACCOUNT = "demo-account";
    /** Seed's scale for the extrapolation: concurrent live meetings, List meetings page size, daily quota. */
    private static final int SEED_LIVE = 2000;
    private static final int PAGE_SIZE = 300;
    private static final int DAILY_QUOTA = 60_000;

    private CoverageUnderLossBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        double k = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        int meetings = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        String loadAtStart = load();
        List<Map<String, String>> columns = new ArrayList<>();
        for (boolean reconcile : new boolean[] {true, false}) {
            Map<String, String> column = run(reconcile, seconds, k, meetings);
            column.forEach((key, v) -> System.out.printf("  %-60s %s%n", key, v));
            columns.add(column);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "COVERAGE UNDER EVENT LOSS: 10%% of meeting.started and 10%% of meeting.ended never delivered,"
                + " k=%.0f, %d meetings per 45 simulated min, %d s per run%n", k, meetings, seconds);
        StringBuilder header = new StringBuilder(String.format("| %-60s |", "figure"));
        columns.forEach(c -> header.append(String.format(" %-30s |", c.get("scenario"))));
        System.out.println(header);
        System.out.println("|---" + "|---".repeat(columns.size()) + "|");
        for (String row : columns.get(0).keySet()) {
            if (row.equals("scenario")) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format("| %-60s |", row));
            columns.forEach(c -> line.append(String.format(" %-30s |", c.getOrDefault(row, ""))));
            System.out.println(line);
        }
        int pages = (SEED_LIVE + PAGE_SIZE - 1) / PAGE_SIZE;
        int runsPerDay = 24 * 60 / 10;
        System.out.printf(Locale.ROOT, "extrapolated to a real day at the seed's scale: %d runs (one per 10 min) x %d pages"
                        + " (%,d live / %d per page) = %,d List meetings calls = %.2f%% of the %,d daily quota"
                        + " (a collector at the seed's scale spends the whole quota: its demand, 8.2 req/s, exceeds"
                        + " %,d / 86,400 s); plus 1 run at start and 1 per WebSocket reconnect%n",
                runsPerDay, pages, SEED_LIVE, PAGE_SIZE, runsPerDay * pages, 100.0 * runsPerDay * pages / DAILY_QUOTA,
                DAILY_QUOTA, DAILY_QUOTA);
        System.out.println("load average (1/5/15 min) at start: " + loadAtStart + "; at the end: " + load());
        System.exit(0);
    }

    private static Map<String, String> run(boolean reconcile, int seconds, double k, int meetings) throws Exception {
        TestDatabase.Server server = TestDatabase.server();
        String database = TestDatabase.freshDatabase();
        String[] props = {
                "--server.port=0",
                "--qos.db.url=" + server.r2dbcUrl(database),
                "--qos.db.user=" + server.user(),
                "--qos.db.password=" + server.password(),
                "--qos.simulator.seed=23",
                "--qos.simulator.time-scale=" + k,
                "--qos.simulator.meetings=" + meetings,
                "--qos.simulator.start-window=45m",
                "--qos.simulator.continuous=true",
                "--qos.simulator.duration-min=30m",
                "--qos.simulator.duration-max=60m",
                "--qos.simulator.participants-min=7",
                "--qos.simulator.participants-max=10",
                "--qos.simulator.lifecycle-loss=0.1",
                "--qos.simulator.request-log-capacity=2000000",
                "--QOS_BUDGET_DAILY=100000000",
                "--qos.simulator.daily-limit=100000000",
                "--qos.poll.interval=5m",
                "--qos.reconcile.enabled=" + reconcile,
                "--qos.reconcile.interval=10m",
                "--qos.cluster.renew-every=1s",
                "--qos.cluster.safety-margin=1s",
                "--logging.level.root=WARN",
                "--logging.level.io.zoomqos=WARN",
        };
        String name = reconcile ? "reconciliation on (10 min)" : "reconciliation off";
        System.out.printf(Locale.ROOT, "%n=== %s: k=%.0f, %d meetings per 45 simulated min, %d s%n", name, k, meetings, seconds);
        SpringApplication app = new SpringApplication(DemoApplication.class);
        app.setAdditionalProfiles(DemoApplication.PROFILE);
        try (ConfigurableApplicationContext ctx = app.run(props)) {
            SimulatedZoom zoom = ctx.getBean(SimulatedZoom.class);
            Instant begin = Instant.now();
            Instant end = begin.plusSeconds(seconds);
            while (Instant.now().isBefore(end)) {
                TimeUnit.SECONDS.sleep(15);
                GroundTruth t = zoom.groundTruth();
                System.out.printf(Locale.ROOT, "t=%3ds live=%d ended=%d lost webhooks=%d load=%s%n",
                        Duration.between(begin, Instant.now()).toSeconds(), t.liveMeetings().size(), t.endedMeetings().size(),
                        zoom.lostWebhooks().size(), load());
            }
            return measure(name, ctx, zoom, k);
        }
    }

    private static Map<String, String> measure(String name, ConfigurableApplicationContext ctx, SimulatedZoom zoom, double k) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("scenario", name);
        GroundTruth truth = zoom.groundTruth();
        // Ended long enough ago for every healing path to have run: a lost end is noticed by the
        // next reconciliation (10 min) after its grace (2 min) or by the stop rule (3 polls not
        // live, 15 min), then the sweep waits for Zoom's past data (2 min) and retries.
        Instant cutoff = truth.now().minus(Duration.ofMinutes(30));
        Set<String> lostStart = new HashSet<>();
        Set<String> lostEnd = new HashSet<>();
        for (WebhookEvent e : zoom.lostWebhooks()) {
            (e.event().equals("meeting.started") ? lostStart : lostEnd).add(e.meetingUuid());
        }
        List<SimMeeting> eligible = truth.endedMeetings().stream().filter(m -> !m.end().isAfter(cutoff)).toList();

        QosRepository repo = ctx.getBean(QosRepository.class);
        Map<String, QosSample> stored = new HashMap<>();
        long lastId = 0;
        while (true) {
            List<StoredSample> page = repo.samplesAfter(lastId, 20_000).collectList().block(Duration.ofMinutes(2));
            if (page == null || page.isEmpty()) {
                break;
            }
            for (StoredSample row : page) {
                lastId = Math.max(lastId, row.id());
                QosSample q = row.sample();
                stored.put(q.meetingUuid() + "|" + q.participantKey() + "|" + q.minute(), q);
            }
        }
        int full = 0;
        int fullLost = 0;
        int withLoss = 0;
        long expected = 0;
        long right = 0;
        for (SimMeeting m : eligible) {
            boolean complete = true;
            for (QosSample want : GroundTruthSamples.of(truth, m.uuid())) {
                expected++;
                QosSample got = stored.get(want.meetingUuid() + "|" + want.participantKey() + "|" + want.minute());
                if (got != null && SampleValues.same(got, want)) {
                    right++;
                } else {
                    complete = false;
                }
            }
            boolean lost = lostStart.contains(m.uuid()) || lostEnd.contains(m.uuid());
            full += complete ? 1 : 0;
            withLoss += lost ? 1 : 0;
            fullLost += lost && complete ? 1 : 0;
        }
        out.put("ended meetings checked (ended >= 30 simulated min ago)", Integer.toString(eligible.size()));
        out.put("of them with meeting.started / meeting.ended lost", eligible.stream().filter(m -> lostStart.contains(m.uuid())).count()
                + " / " + eligible.stream().filter(m -> lostEnd.contains(m.uuid())).count());
        out.put("FULLY COLLECTED: meetings (target 100%)", String.format(Locale.ROOT, "%d / %d = %.1f%%", full, eligible.size(),
                eligible.isEmpty() ? 0 : 100.0 * full / eligible.size()));
        out.put("fully collected among those with an event lost", String.format(Locale.ROOT, "%d / %d", fullLost, withLoss));
        out.put("participant-minutes stored right / ground truth", String.format(Locale.ROOT, "%d / %d = %.2f%%", right, expected,
                expected == 0 ? 0 : 100.0 * right / expected));

        // What reached the collector: under load the simulator's webhook driver can fall behind or
        // give up on deliveries too (beyond the 10% it drops on purpose); reconciliation heals both.
        var db = ctx.getBean(org.springframework.r2dbc.core.DatabaseClient.class);
        Map<String, Long> received = new HashMap<>();
        db.sql("SELECT event, count(*) AS n FROM webhook_event GROUP BY event")
                .map(r -> Map.entry(r.get("event", String.class), r.get("n", Long.class))).all()
                .collectList().block(Duration.ofSeconds(30)).forEach(e -> received.put(e.getKey(), e.getValue()));
        out.put("meeting.started / .ended webhooks stored vs meetings started / ended", String.format(Locale.ROOT,
                "%d / %d vs %d / %d", received.getOrDefault("meeting.started", 0L), received.getOrDefault("meeting.ended", 0L),
                truth.meetings().size(), truth.endedMeetings().size()));
        out.put("meetings by how the collector learnt of them", db.sql(
                        "SELECT COALESCE(discovered_by, 'webhook') AS d, count(*) AS n FROM meeting GROUP BY 1 ORDER BY 1")
                .map(r -> r.get("d", String.class) + "=" + r.get("n", Long.class)).all().collectList()
                .block(Duration.ofSeconds(30)).toString());

        List<RequestLog.Entry> calls = zoom.requestLog().entries().stream()
                .filter(e -> ACCOUNT.equals(e.accountId()) && e.path().startsWith("/v2/")).toList();
        long list = calls.stream().filter(e -> e.path().equals("/v2/metrics/meetings")).count();
        out.put("Zoom calls in the run: all / List meetings (reconciliation)", String.format(Locale.ROOT, "%d / %d = %.2f%%",
                calls.size(), list, calls.isEmpty() ? 0 : 100.0 * list / calls.size()));
        var meters = ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        StringBuilder healed = new StringBuilder();
        meters.find("qos.reconcile.meetings").counters().forEach(c -> healed.append(c.getId().getTag("action"))
                .append(c.getId().getTag("cause") == null ? "" : "/" + c.getId().getTag("cause")).append('=')
                .append((long) c.count()).append(' '));
        out.put("reconciliation adoptions / forced ends (qos.reconcile.meetings)", healed.isEmpty() ? "none" : healed.toString().trim());
        return out;
    }


    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
