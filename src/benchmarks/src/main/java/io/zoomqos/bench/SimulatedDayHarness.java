package io.zoomqos.bench;

import io.zoomqos.collector.QosCollectorApplication;
import io.zoomqos.collector.polling.Attention;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.PinRepository;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.support.GroundTruthSamples;
import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.RequestLog;
import io.zoomqos.simulator.ScheduledMeeting;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.SimulatorProperties;
import io.zoomqos.simulator.SimulatorServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * A simulated UTC day on one clock shared by the simulator and the collector's budget, for three
 * strategies on the same population, side by side in one run
 * (docs/benchmarks.md#simulateddayharness-a-day-on-the-simulator):
 * <ul>
 *   <li>(a) poll-all, Zoom's advice: every live meeting every 5 minutes, nothing after the end;</li>
 *   <li>(b) sweep-only: after the end, the {@code type=past} pages and List participants;</li>
 *   <li>(c) ours: the real collector application (webhooks, planner, budget, Zoom client,
 *       PostgreSQL), some meetings watched by an SSE subscriber, some pinned.</li>
 * </ul>
 * (a) and (b) are baseline clients in this process that call their own simulator directly
 * ({@link SimulatedZoom#handle}, same limits, no HTTP) and keep what they receive in memory; they
 * learn the meetings' starts and ends from the schedule, as webhooks would tell them. (c) talks
 * HTTP to a simulator server of its own; the three simulators play the same schedule on clocks
 * started together.
 *
 * <p>Scaling: simulated time runs {@code scale} times faster than real time and the seed's
 * population (2,000 live meetings at the peak x 8 participants, 60,000 calls a day, 16 a second)
 * is divided by {@code k}: peak {@code 2,000/k} live meetings, daily quota {@code 60,000/k}, per-second
 * cap {@code 16/k} per simulated second. So demand / daily quota and demand / per-second cap are the
 * real day's. The per-second cap in real seconds is {@code 16 x scale / k}; by default {@code k = scale},
 * so the simulator enforces Zoom's own 16 requests per real second.
 *
 * <p>{@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java -Dexec.mainClass=io.zoomqos.bench.SimulatedDayHarness
 * [-Dexec.args="full|quick [realMinutesPerDay [k [seed]]]"]}
 */
public final class SimulatedDayHarness {

    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant MIDNIGHT = DAY.plus(Duration.ofDays(1));
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    /** The simulator's default: {@code type=past} answers 404 until the end plus this. */
    private static final Duration PAST_DELAY = Duration.ofMinutes(2);
    /** After midnight, for the last meetings' sweeps (on the next day's quota). */
    private static final Duration TAIL = Duration.ofHours(1);
    /** Real time before 00:00 for the collector to start (nothing starts before 00:00). */
    private static final Duration LEAD_REAL = Duration.ofSeconds(60);
    private static final String ACCOUNT = "day-account";
    private static final String SECRET = "simulated-day-webhook-secret-not-for-zoom";
    private static final int SEED_PEAK_LIVE = 2000;
    private static final int MEAN_PARTICIPANTS = 8;

    enum Strategy { POLL_ALL, SWEEP_ONLY, OURS }

    /**
     * @param scale simulated seconds per real second
     * @param k the population's divisor
     */
    record Scaling(double realMinutesPerDay, double scale, double k) {
        long dailyQuota() {
            return Math.round(60_000 / k);
        }

        double perSecondSimulated() {
            return 16 / k;
        }

        int perSecondReal() {
            return (int) Math.round(16 * scale / k);
        }

        double peakLive() {
            return SEED_PEAK_LIVE / k;
        }

        Duration toReal(Duration simulated) {
            return Duration.ofNanos(Math.round(simulated.toNanos() / scale));
        }
    }

    /** One meeting of the day, in schedule order (the simulator's meeting index). */
    record Meeting(int index, Instant start, Instant end, int participants, Attention attention) {
        long pages() {
            return (participants + 9) / 10;
        }

        boolean liveAt(Instant t) {
            return !start.isAfter(t) && end.isAfter(t);
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "full";
        double realMinutes = args.length > 1 ? Double.parseDouble(args[1]) : mode.equals("quick") ? 4 : 13;
        double scale = 24 * 60 / realMinutes;
        double k = args.length > 2 ? Double.parseDouble(args[2]) : scale;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        Scaling scaling = new Scaling(realMinutes, scale, k);
        if (scaling.perSecondReal() < 1) {
            throw new IllegalArgumentException("16 x scale / k must be at least 1 request per real second");
        }
        List<Meeting> day = schedule(scaling, seed);
        System.out.printf(Locale.ROOT, "SIMULATED DAY %s (%s mode), load average %.2f at start%n",
                DAY.atZone(java.time.ZoneOffset.UTC).toLocalDate(), mode, load());
        printScaling(scaling, day);
        Run run = new Run(scaling, day, seed);
        long began = System.nanoTime();
        Map<Strategy, Map<String, String>> results = run.play();
        System.out.printf(Locale.ROOT, "run took %.1f real minutes%n", (System.nanoTime() - began) / 60e9);
        print(scaling, day, results);
        System.exit(0);
    }

    /** The shared business day divided by {@code k}, sorted by start (the simulator's order). */
    static List<Meeting> schedule(Scaling scaling, long seed) {
        List<DayPopulation.Slot> slots = new ArrayList<>(DayPopulation.of(DAY, scaling.peakLive(), MEAN_PARTICIPANTS, seed));
        slots.sort(Comparator.comparing(DayPopulation.Slot::start).thenComparing(DayPopulation.Slot::index));
        List<Meeting> out = new ArrayList<>(slots.size());
        for (DayPopulation.Slot s : slots) {
            out.add(new Meeting(out.size(), s.start(), s.end(), s.participants(), s.attention()));
        }
        return out;
    }

    private static void printScaling(Scaling s, List<Meeting> day) {
        long minimum = day.stream().filter(m -> !m.end().isAfter(MIDNIGHT)).mapToLong(Meeting::pages).sum();
        long peakLive = 0;
        long livePagesPeak = 0;
        for (Instant t = DAY; t.isBefore(MIDNIGHT); t = t.plus(Duration.ofMinutes(5))) {
            Instant at = t;
            peakLive = Math.max(peakLive, day.stream().filter(m -> m.liveAt(at)).count());
            livePagesPeak = Math.max(livePagesPeak, day.stream().filter(m -> m.liveAt(at)).mapToLong(Meeting::pages).sum());
        }
        // Live demand of poll-all over the day: pages per 5 minutes for every live minute.
        double pollAllDay = day.stream().mapToDouble(m -> m.pages()
                * (double) Duration.between(m.start(), m.end()).toMinutes() / INTERVAL.toMinutes()).sum();
        System.out.printf(Locale.ROOT, "scaling: time x%.1f (a simulated day in %.1f real minutes); population / k = %.1f:"
                        + " peak %.1f live meetings (%d seen), mean %d participants, %d meetings;%n",
                s.scale(), s.realMinutesPerDay(), s.k(), s.peakLive(), peakLive, MEAN_PARTICIPANTS, day.size());
        System.out.printf(Locale.ROOT, "  daily quota 60,000 / k = %d; per-second cap 16 / k = %.4f per simulated second"
                        + " = %d per real second (simulator window: a real second);%n",
                s.dailyQuota(), s.perSecondSimulated(), s.perSecondReal());
        System.out.printf(Locale.ROOT, "  demand / daily quota: min sweep cost sum ceil(n/10) = %d = %.1f%% of the quota;"
                        + " poll-all live demand %.0f = %.0f%%; (real day: the same ratios, population and quota both / k)%n",
                minimum, 100.0 * minimum / s.dailyQuota(), pollAllDay, 100.0 * pollAllDay / s.dailyQuota());
        System.out.printf(Locale.ROOT, "  demand / per-second cap at the peak: poll-all %.4f per simulated second = %.1f%% of 16/k%n",
                livePagesPeak / (double) INTERVAL.toSeconds(), 100.0 * livePagesPeak / INTERVAL.toSeconds() / s.perSecondSimulated());
    }

    // ------------------------------------------------------------------------------------------

    /** One run: three simulators, two baseline clients, the collector, the freshness sampler. */
    static final class Run {
        private final Scaling scaling;
        private final List<Meeting> day;
        private final long seed;
        private final Map<Integer, String> uuids = new ConcurrentHashMap<>();
        private final Map<Strategy, Map<Attention, List<Long>>> ages = new EnumMap<>(Strategy.class);
        private final Map<Integer, Disposable> watchers = new HashMap<>();
        private final Set<Integer> pinned = new HashSet<>();
        private final List<String> watcherErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        private int watchersOpened;
        private String collectorUrl = "";

        Run(Scaling scaling, List<Meeting> day, long seed) {
            this.scaling = scaling;
            this.day = day;
            this.seed = seed;
            for (Strategy s : Strategy.values()) {
                Map<Attention, List<Long>> m = new EnumMap<>(Attention.class);
                for (Attention a : Attention.values()) {
                    m.put(a, new ArrayList<>());
                }
                ages.put(s, m);
            }
        }

        Map<Strategy, Map<String, String>> play() throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<ScheduledMeeting> schedule = day.stream()
                    .map(m -> new ScheduledMeeting(m.start(), Duration.between(m.start(), m.end()), m.participants()))
                    .toList();
            Instant origin = DAY.minus(Duration.ofNanos(Math.round(LEAD_REAL.toNanos() * scaling.scale())));
            SimulatorProperties base = SimulatorProperties.builder()
                    .accounts(List.of(new SimulatedZoom.Account(ACCOUNT, SECRET)))
                    .seed(seed)
                    .timeScale(scaling.scale())
                    .startTime(origin)
                    .meetings(Math.max(1, schedule.size()))
                    .continuous(false)
                    .pastDataDelay(PAST_DELAY)
                    .retention(Duration.ofDays(3))
                    .perSecondLimit(scaling.perSecondReal())
                    .dailyLimit(scaling.dailyQuota())
                    // Real lifetime; the collector reads expires_in on the simulated clock, so a long one.
                    .tokenTtl(Duration.ofDays(30))
                    .requestLogCapacity(2_000_000)
                    // The paced gaps between permits are k times the real day's (the quota is k times
                    // smaller over the same simulated day); Zoom's 15-minute page token is stretched alike,
                    // so a sweep's next page meets it as it would at scale 1 (5 waiters x 1.4 s, not x 2.6 min).
                    .pageTokenTtl(Duration.ofMinutes(15).multipliedBy(Math.max(1, Math.round(scaling.k()))))
                    .webhookEnabled(false)
                    .build();
            List<SimulatedZoom.Account> accounts = base.accounts();
            // Started together: three clocks from the same origin within a millisecond of each other.
            SimulatedZoom zoomA = new SimulatedZoom(base, accounts, Clock.systemUTC(), schedule);
            SimulatedZoom zoomB = new SimulatedZoom(base, accounts, Clock.systemUTC(), schedule);
            SimulatorServer serverC = SimulatorServer.start(base.toBuilder().webhookEnabled(true)
                            .webhookUrl("http://127.0.0.1:" + port + "/webhooks/zoom").build(), accounts,
                    Clock.systemUTC(), 0, schedule);
            SimulatedZoom zoomC = serverC.zoom();

            SimulatedDayBaseline pollAll = new SimulatedDayBaseline(Strategy.POLL_ALL, zoomA, day, scaling, uuids);
            SimulatedDayBaseline sweepOnly = new SimulatedDayBaseline(Strategy.SWEEP_ONLY, zoomB, day, scaling, uuids);
            Thread ta = new Thread(pollAll, "day-poll-all");
            Thread tb = new Thread(sweepOnly, "day-sweep-only");
            ta.setDaemon(true);
            tb.setDaemon(true);
            ta.start();
            tb.start();

            long started = System.nanoTime();
            ConfigurableApplicationContext ctx = startCollector(port, serverC, zoomC.clock());
            System.out.printf(Locale.ROOT, "collector up after %.1f real s, simulated time %s%n",
                    (System.nanoTime() - started) / 1e9, zoomC.clock().instant());
            if (!zoomC.clock().instant().isBefore(DAY)) {
                System.out.println("WARNING: the collector started after 00:00 simulated; its first minutes are missing");
            }
            DatabaseClient db = ctx.getBean(DatabaseClient.class);
            PinRepository pins = ctx.getBean(PinRepository.class);
            collectorUrl = "http://127.0.0.1:" + port;
            WebClient web = WebClient.create();

            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "day-sampler");
                t.setDaemon(true);
                return t;
            });
            long period = scaling.toReal(Duration.ofMinutes(1)).toNanos();
            sampler.scheduleAtFixedRate(() -> {
                try {
                    tick(zoomC, pollAll, sweepOnly, db, pins, web);
                } catch (RuntimeException e) {
                    System.out.println("sampler: " + e);
                }
            }, 0, period, TimeUnit.NANOSECONDS);

            Instant end = MIDNIGHT.plus(TAIL);
            Instant nextReport = DAY;
            while (zoomC.clock().instant().isBefore(end)) {
                TimeUnit.MILLISECONDS.sleep(250);
                Instant now = zoomC.clock().instant();
                if (!now.isBefore(nextReport)) {
                    nextReport = nextReport.plus(Duration.ofHours(2));
                    RequestLog.AccountStats c = zoomC.requestLog().stats(ACCOUNT);
                    System.out.printf(Locale.ROOT, "%s live=%d | admitted a=%d b=%d c=%d | quota left a=%d b=%d c=%d"
                                    + " | 429 c=%d | load %.2f%n",
                            now.toString().substring(11, 16), day.stream().filter(m -> m.liveAt(now)).count(),
                            zoomA.requestLog().stats(ACCOUNT).heavyAdmitted(), zoomB.requestLog().stats(ACCOUNT).heavyAdmitted(),
                            c.heavyAdmitted(), zoomA.dailyRemaining(ACCOUNT), zoomB.dailyRemaining(ACCOUNT),
                            zoomC.dailyRemaining(ACCOUNT), c.perSecondRejected() + c.dailyRejected(), load());
                }
            }
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            pollAll.stop();
            sweepOnly.stop();
            ta.join(5_000);
            tb.join(5_000);
            watchers.values().forEach(Disposable::dispose);

            Map<Strategy, Map<String, String>> results = new EnumMap<>(Strategy.class);
            results.put(Strategy.POLL_ALL, measureBaseline(pollAll, zoomA));
            results.put(Strategy.SWEEP_ONLY, measureBaseline(sweepOnly, zoomB));
            results.put(Strategy.OURS, measureOurs(ctx, zoomC));
            ctx.close();
            serverC.close();
            return results;
        }

        private ConfigurableApplicationContext startCollector(int port, SimulatorServer sim, Clock clock) {
            TestDatabase.Server server = TestDatabase.server();
            String database = TestDatabase.freshDatabase();
            double scale = scaling.scale();
            String[] props = {
                    "--server.port=" + port,
                    "--management.server.port=0",
                    "--qos.db.url=" + server.r2dbcUrl(database),
                    "--qos.db.user=" + server.user(),
                    "--qos.db.password=" + server.password(),
                    "--qos.zoom.api-url=" + sim.apiUrl(),
                    "--qos.zoom.oauth-url=" + sim.oauthUrl(),
                    // Zoom signs webhooks with the real time; the collector's clock is the simulated one.
                    "--qos.zoom.webhook-tolerance=36500d",
                    "--qos.zoom.accounts[0].id=" + ACCOUNT,
                    "--qos.zoom.accounts[0].webhook-secret=" + SECRET,
                    "--qos.zoom.accounts[0].client-id=day-client",
                    "--qos.zoom.accounts[0].client-secret=day-client-secret",
                    "--qos.zoom.accounts[0].budget.per-second=" + scaling.perSecondSimulated(),
                    "--qos.zoom.accounts[0].budget.headroom=0.10",
                    "--qos.zoom.accounts[0].budget.daily=" + scaling.dailyQuota(),
                    "--qos.zoom.accounts[0].budget.sweep-reserve=0.05",
                    "--qos.time-scale=" + scale,
                    "--qos.simulated-day=true",
                    // The budget's flush runs on its (simulated) timer: every 15 simulated minutes.
                    "--qos.budget.flush-interval=15m",
                    "--qos.poll.interval=5m",
                    // Reconciliation costs the same calls whatever the population: k times rarer keeps
                    // its share of the (k times smaller) quota the real day's.
                    "--qos.reconcile.interval=" + Math.round(600 * scaling.k()) + "s",
                    // Real-time knobs scaled like meeting time: attention re-read every ~30 simulated s.
                    "--qos.poll.attention.refresh=" + Math.max(100, Math.round(30_000 / scale)) + "ms",
                    "--qos.poll.attention.watch-ttl=" + Math.max(1_000, Math.round(180_000 / scale)) + "ms",
                    "--qos.cluster.renew-every=1s",
                    "--qos.cluster.safety-margin=1s",
                    "--qos.auth.disabled=true",
                    "--logging.level.root=WARN",
                    "--logging.level.io.zoomqos=WARN",
            };
            SpringApplication app = new SpringApplication(QosCollectorApplication.class);
            // The simulator's own clock is the collector's: one clock for both (qos.simulated-day).
            app.addInitializers(c -> c.getBeanFactory().registerSingleton("simulatedClock", clock));
            return app.run(props);
        }

        /** Every simulated minute: the live meetings' freshness in all three; watchers and pins for ours. */
        private void tick(SimulatedZoom zoomC, SimulatedDayBaseline a, SimulatedDayBaseline b, DatabaseClient db, PinRepository pins, WebClient web) {
            Instant now = zoomC.clock().instant();
            if (now.isBefore(DAY)) {
                return;
            }
            List<Meeting> live = day.stream().filter(m -> m.liveAt(now)).toList();
            if (live.stream().anyMatch(m -> !uuids.containsKey(m.index()))) {
                for (SimMeeting m : zoomC.groundTruth().meetings()) {
                    uuids.putIfAbsent(m.index(), m.uuid());
                }
            }
            List<String> liveUuids = new ArrayList<>();
            for (Meeting m : live) {
                String uuid = uuids.get(m.index());
                if (uuid == null) {
                    continue;
                }
                liveUuids.add(uuid);
                if (now.isBefore(MIDNIGHT)) {
                    age(Strategy.POLL_ALL, m, now, a.newest(m.index()));
                    age(Strategy.SWEEP_ONLY, m, now, b.newest(m.index()));
                }
                if (m.attention() == Attention.WATCHED && !watchers.containsKey(m.index())) {
                    // An absolute URI is sent as it is: the UUID's '+', '/' and '=' stay percent-encoded once.
                    URI uri = URI.create(collectorUrl + "/api/v1/qos/stream?meeting=" + URLEncoder.encode(uuid, StandardCharsets.UTF_8));
                    watchersOpened++;
                    watchers.put(m.index(), web.get().uri(uri).retrieve().bodyToFlux(String.class)
                            .subscribe(x -> { }, e -> watcherErrors.add(e.toString())));
                }
                if (m.attention() == Attention.PINNED && !pinned.contains(m.index())
                        && Boolean.TRUE.equals(pins.pin(uuid, "day-harness").block(Duration.ofSeconds(5)))) {
                    pinned.add(m.index());
                }
            }
            // Watchers leave when their meeting ends.
            watchers.entrySet().removeIf(e -> {
                if (!day.get(e.getKey()).end().isAfter(now)) {
                    e.getValue().dispose();
                    return true;
                }
                return false;
            });
            if (liveUuids.isEmpty() || !now.isBefore(MIDNIGHT)) {
                return;
            }
            Map<String, Instant> newest = new HashMap<>();
            db.sql("SELECT meeting_uuid, max(minute) AS newest FROM qos_sample WHERE meeting_uuid = ANY($1)"
                            + " GROUP BY meeting_uuid")
                    .bind(0, liveUuids.toArray(String[]::new))
                    .map(r -> Map.entry(r.get("meeting_uuid", String.class),
                            r.get("newest", java.time.OffsetDateTime.class).toInstant()))
                    .all().doOnNext(e -> newest.put(e.getKey(), e.getValue()))
                    .then().block(Duration.ofSeconds(10));
            for (Meeting m : live) {
                String uuid = uuids.get(m.index());
                if (uuid != null) {
                    age(Strategy.OURS, m, now, newest.get(uuid));
                }
            }
        }

        /** Age of the newest stored sample; since the start while nothing is stored. */
        private void age(Strategy s, Meeting m, Instant now, Instant newest) {
            Instant from = newest == null ? m.start() : newest;
            synchronized (ages) {
                ages.get(s).get(m.attention()).add(Math.max(0, Duration.between(from, now).toSeconds()));
            }
        }

        // ---------------------------------------------------------------------------- measuring

        private Map<String, String> measureBaseline(SimulatedDayBaseline b, SimulatedZoom zoom) {
            GroundTruth truth = zoom.groundTruth();
            Map<String, Set<String>> stored = new HashMap<>();
            b.stored().forEach((index, keys) -> {
                String uuid = uuids.get(index);
                if (uuid != null) {
                    stored.put(uuid, keys);
                }
            });
            Map<String, String> reasons = new TreeMap<>();
            b.reasons().forEach((index, reason) -> reasons.put(uuids.getOrDefault(index, "#" + index), reason));
            return common(b.strategy(), zoom, truth, (uuid, want) -> stored.getOrDefault(uuid, Set.of())
                    .contains(want.participantKey() + "|" + want.minute().getEpochSecond()), reasons, Map.of());
        }

        private Map<String, String> measureOurs(ConfigurableApplicationContext ctx, SimulatedZoom zoom) {
            GroundTruth truth = zoom.groundTruth();
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
                    stored.put(q.meetingUuid() + "|" + q.participantKey() + "|" + q.minute().getEpochSecond(), q);
                }
            }
            DatabaseClient db = ctx.getBean(DatabaseClient.class);
            Map<String, String> reasons = new HashMap<>();
            db.sql("SELECT meeting_uuid, sweep_state, sweep_note, coverage_gap FROM meeting")
                    .map(r -> Map.entry(r.get("meeting_uuid", String.class), r.get("sweep_state", String.class)
                            + (r.get("coverage_gap", String.class) != null ? " gap: " + r.get("coverage_gap", String.class)
                            : r.get("sweep_note", String.class) != null ? " (" + r.get("sweep_note", String.class) + ")" : "")))
                    .all().doOnNext(e -> reasons.put(e.getKey(), e.getValue())).then().block(Duration.ofSeconds(30));
            Map<String, Long> spend = new TreeMap<>();
            db.sql("SELECT kind, sum(calls) AS calls FROM call_spend GROUP BY kind")
                    .map(r -> Map.entry(r.get("kind", String.class), ((Number) r.get("calls")).longValue()))
                    .all().doOnNext(e -> spend.put(e.getKey(), e.getValue())).then().block(Duration.ofSeconds(30));
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("collector's own call_spend (whole run)", spend.toString());
            extra.put("SSE watchers opened / failed; meetings pinned", watchersOpened + " / " + watcherErrors.size()
                    + (watcherErrors.isEmpty() ? "" : " " + watcherErrors.get(0)) + "; " + pinned.size());
            return common(Strategy.OURS, zoom, truth, (uuid, want) -> {
                QosSample got = stored.get(uuid + "|" + want.participantKey() + "|" + want.minute().getEpochSecond());
                return got != null && (got.equals(want) || SampleValues.same(got, want));
            }, reasons, extra);
        }

        interface Stored {
            boolean has(String uuid, QosSample want);
        }

        /** The figures every strategy gets, from the simulator's side (request log, ground truth). */
        private Map<String, String> common(Strategy s, SimulatedZoom zoom, GroundTruth truth, Stored stored,
                                           Map<String, String> reasonByUuid, Map<String, String> extra) {
            Map<String, String> out = new LinkedHashMap<>();
            Map<String, Meeting> byUuid = new HashMap<>();
            Map<String, SimMeeting> simByUuid = new HashMap<>();
            for (SimMeeting m : truth.meetings()) {
                simByUuid.put(m.uuid(), m);
                byUuid.put(m.uuid(), day.get(m.index()));
            }
            // Calls by kind, classified from the simulator's request log.
            Map<String, Long> kinds = new TreeMap<>();
            Map<String, Long> sweepCallsByMeeting = new HashMap<>();
            Map<String, Long> liveCallsByMeeting = new HashMap<>();
            long perSecond429 = 0;
            long daily429 = 0;
            long admittedToday = 0;
            for (RequestLog.Entry e : zoom.requestLog().entries()) {
                if (!ACCOUNT.equals(e.accountId()) || !e.path().startsWith("/v2/")) {
                    continue;
                }
                if (e.status() != 429 && !e.simTime().isBefore(DAY) && e.simTime().isBefore(MIDNIGHT)) {
                    admittedToday++; // what the simulator counted against the day's quota
                }
                if (e.status() == 429) {
                    if ("Daily-limit".equals(e.limitType())) {
                        daily429++;
                    } else {
                        perSecond429++;
                    }
                    continue;
                }
                if (e.path().equals("/v2/metrics/meetings")) {
                    kinds.merge("reconcile", 1L, Long::sum);
                    continue;
                }
                String uuid = PipelineBench.meetingOf(e.path());
                SimMeeting m = uuid == null ? null : simByUuid.get(uuid);
                if (m == null) {
                    kinds.merge("other", 1L, Long::sum);
                } else if (e.simTime().isBefore(m.end())) {
                    kinds.merge("live", 1L, Long::sum);
                    liveCallsByMeeting.merge(uuid, 1L, Long::sum);
                } else if (e.status() == 404) {
                    kinds.merge("404 after end (not ready / not live)", 1L, Long::sum);
                } else if (e.path().endsWith("/participants")) {
                    kinds.merge("roster", 1L, Long::sum);
                    sweepCallsByMeeting.merge(uuid, 1L, Long::sum);
                } else {
                    // .../participants/{participantId}/qos: a single participant fetched to fill a gap
                    kinds.merge(e.path().split("/").length > 7 ? "single" : "sweep", 1L, Long::sum);
                    sweepCallsByMeeting.merge(uuid, 1L, Long::sum);
                }
            }
            int ended = 0;
            int full = 0;
            int partial = 0;
            int none = 0;
            long sweepOfFull = 0;
            long minimumOfFull = 0;
            int overspent = 0;
            Map<String, Integer> partialReasons = new TreeMap<>();
            Map<String, Integer> noneReasons = new TreeMap<>();
            for (SimMeeting sm : truth.meetings()) {
                if (sm.end().isAfter(MIDNIGHT)) {
                    continue;
                }
                ended++;
                long expected = 0;
                long found = 0;
                for (var want : truth.samples(sm).stream().map(GroundTruthSamples::toQosSample).toList()) {
                    expected++;
                    if (stored.has(sm.uuid(), want)) {
                        found++;
                    }
                }
                Meeting m = byUuid.get(sm.uuid());
                String reason = reasonByUuid.getOrDefault(sm.uuid(), "unknown");
                if (found == expected) {
                    full++;
                    long sweepCalls = sweepCallsByMeeting.getOrDefault(sm.uuid(), 0L);
                    sweepOfFull += sweepCalls;
                    minimumOfFull += m.pages();
                    if (sweepCalls > m.pages() + (s == Strategy.SWEEP_ONLY ? 1 : 0)) {
                        overspent++;
                    }
                } else if (found > 0) {
                    partial++;
                    partialReasons.merge(reason, 1, Integer::sum);
                } else {
                    none++;
                    noneReasons.merge(reason, 1, Integer::sum);
                }
            }
            out.put("meetings ended by 24:00", Integer.toString(ended));
            out.put("fully collected (every minute, Zoom's values)", String.format(Locale.ROOT, "%d (%.1f%%)", full,
                    ended == 0 ? 0 : 100.0 * full / ended));
            out.put("partially", partial + (partialReasons.isEmpty() ? "" : " " + partialReasons));
            out.put("not at all", none + (noneReasons.isEmpty() ? "" : " " + noneReasons));
            out.put("429s daily / per-second", daily429 + " / " + perSecond429);
            out.put("calls live / sweep pages+single / roster / reconcile", kinds.getOrDefault("live", 0L) + " / "
                    + kinds.getOrDefault("sweep", 0L) + "+" + kinds.getOrDefault("single", 0L) + " / "
                    + kinds.getOrDefault("roster", 0L) + " / " + kinds.getOrDefault("reconcile", 0L));
            out.put("404s after the end (not ready yet / not live)", Long.toString(kinds.getOrDefault(
                    "404 after end (not ready / not live)", 0L)));
            out.put("sweep calls per fully collected / minimum", minimumOfFull == 0 ? "-" : String.format(Locale.ROOT,
                    "%d / %d = %.3fx", sweepOfFull, minimumOfFull, (double) sweepOfFull / minimumOfFull));
            Map<Attention, long[]> liveCalls = new EnumMap<>(Attention.class);
            for (SimMeeting sm : truth.meetings()) {
                Attention at = byUuid.get(sm.uuid()).attention() == Attention.POOR ? Attention.OTHER
                        : byUuid.get(sm.uuid()).attention();
                long[] c = liveCalls.computeIfAbsent(at, x -> new long[2]);
                c[0] += liveCallsByMeeting.getOrDefault(sm.uuid(), 0L);
                c[1]++;
            }
            out.put("fully collected meetings swept with more than their minimum", Integer.toString(overspent));
            out.put("live calls per meeting watched / pinned / other", String.join(" / ", java.util.stream.Stream.of(
                    Attention.WATCHED, Attention.PINNED, Attention.OTHER).map(at -> liveCalls.containsKey(at)
                    ? String.format(Locale.ROOT, "%.1f", (double) liveCalls.get(at)[0] / liveCalls.get(at)[1]) : "-")
                    .toList()));
            Map<Attention, List<Long>> a = ages.get(s);
            List<Long> other = new ArrayList<>(a.get(Attention.OTHER));
            other.addAll(a.get(Attention.POOR));
            out.put("freshness watched p50/p95 s (n)", percentiles(a.get(Attention.WATCHED)));
            out.put("freshness pinned p50/p95 s (n)", percentiles(a.get(Attention.PINNED)));
            out.put("freshness other p50/p95 s (n)", percentiles(other));
            long left = Math.max(0, scaling.dailyQuota() - admittedToday);
            out.put("quota left at midnight", String.format(Locale.ROOT, "%d of %d (%.1f%%)", left,
                    scaling.dailyQuota(), 100.0 * left / scaling.dailyQuota()));
            out.putAll(extra);
            return out;
        }

        private String percentiles(List<Long> values) {
            synchronized (ages) {
                if (values.isEmpty()) {
                    return "-";
                }
                long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
                return sorted[sorted.length / 2] + " / " + sorted[(int) Math.min(sorted.length - 1,
                        Math.floor(sorted.length * 0.95))] + " (" + sorted.length + ")";
            }
        }
    }


    private static void print(Scaling scaling, List<Meeting> day, Map<Strategy, Map<String, String>> results) {
        System.out.println();
        System.out.printf(Locale.ROOT, "SIMULATED DAY RESULTS (time x%.1f, population / %.1f, load average %.2f at the end)%n",
                scaling.scale(), scaling.k(), load());
        List<String> rows = new ArrayList<>();
        results.values().forEach(m -> m.keySet().forEach(k -> {
            if (!rows.contains(k)) {
                rows.add(k);
            }
        }));
        System.out.printf("| %-46s | %-30s | %-30s | %-30s |%n", "figure", "(a) poll-all, Zoom's advice",
                "(b) sweep-only", "(c) ours (collector)");
        System.out.println("|---|---|---|---|");
        for (String row : rows) {
            System.out.printf("| %-46s | %-30s | %-30s | %-30s |%n", row,
                    results.get(Strategy.POLL_ALL).getOrDefault(row, ""),
                    results.get(Strategy.SWEEP_ONLY).getOrDefault(row, ""),
                    results.get(Strategy.OURS).getOrDefault(row, ""));
        }
        long minimum = day.stream().filter(m -> !m.end().isAfter(MIDNIGHT)).mapToLong(Meeting::pages).sum();
        System.out.printf(Locale.ROOT, "min sweep cost of the day %d = %.1f%% of the quota %d (target 100%% fully collected"
                        + " applies: %s). Freshness = age of the newest stored sample of each live meeting, every simulated"
                        + " minute, simulated seconds. Calls classified from each simulator's request log.%n",
                minimum, 100.0 * minimum / scaling.dailyQuota(), scaling.dailyQuota(),
                minimum <= 0.9 * scaling.dailyQuota() ? "yes" : "no");
    }

    static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private SimulatedDayHarness() {
    }
}
