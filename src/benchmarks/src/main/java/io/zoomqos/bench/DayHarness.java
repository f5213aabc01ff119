package io.zoomqos.bench;

import io.zoomqos.collector.config.ZoomProperties;
import io.zoomqos.collector.polling.Attention;
import io.zoomqos.collector.polling.DemandProfile;
import io.zoomqos.collector.polling.PlannerEvents;
import io.zoomqos.collector.polling.PollJob;
import io.zoomqos.collector.polling.PollOutcome;
import io.zoomqos.collector.polling.PollPlanner;
import io.zoomqos.collector.polling.PollingProperties;
import io.zoomqos.collector.polling.SweepForecast;
import io.zoomqos.collector.ratelimit.BudgetProperties;
import io.zoomqos.collector.ratelimit.PacedAccountBudget;
import io.zoomqos.collector.ratelimit.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A whole UTC day under Zoom's daily cap, in virtual time, for three strategies on the same
 * population: (a) poll every live meeting every interval, nothing after the end; (b) final sweep
 * only, listing the participants as before; (c) ours: attention order, roster shortcut (a sweep
 * costs its pages), sweep forecast reserved in the budget, live share paced by the forecast
 * demand (yesterday's profile: a day of the same kind with other meetings, seed + 1).
 *
 * <p>The planner ({@link PollPlanner}), the account budget ({@link PacedAccountBudget}) and the
 * forecast ({@link SweepForecast}) are the product's code on one virtual clock, so the day
 * boundary and the daily quota are the simulated day's, and the real population runs unscaled
 * (scale 1: demand / quota and demand / per-second cap are the real day's) in seconds. Zoom is a
 * model here, not the simulator: a poll costs one permit per page of 10 participants present, a
 * live poll returns the meeting's whole history so far, {@code type=past} is ready 30 s after the
 * end. What this model cannot show, and the simulator benchmarks do: 429s (the budget never
 * exceeds a limit it knows), stored values against ground truth.
 *
 * <p>{@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java -Dexec.mainClass=io.zoomqos.bench.DayHarness
 * [-Dexec.args="peakLive participantsMean seed"]}
 */
public final class DayHarness {

    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final Duration PAST_DELAY = Duration.ofSeconds(30);
    private static final String ACCOUNT = "day";

    /** One meeting of the day. */
    record Meeting(int index, String uuid, Instant start, Instant end, int participants, Attention attention) {
        long pages() {
            return SweepForecast.sweepCalls(participants);
        }
    }

    enum Strategy { POLL_ALL, SWEEP_ONLY, OURS }

    /** What one strategy achieved. */
    record Result(Strategy strategy, int ended, int full, int partial, int none, Map<String, Long> calls,
                  long minimumSweepCalls, long sweepCallsOfFull, int fullMeetings, long quotaLeft,
                  Map<Attention, long[]> freshness, double realSeconds) {
    }

    public static void main(String[] args) {
        int peakLive = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int meanParticipants = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        List<Meeting> day = population(peakLive, meanParticipants, seed);
        long minimum = day.stream().mapToLong(Meeting::pages).sum();
        ZoomProperties.Budget limits = new ZoomProperties.Budget(16, 0.10, 60_000, 0.05);
        System.out.printf(Locale.ROOT, "day %s: %d meetings, peak %d live, mean %d participants, seed %d%n",
                DAY.atZone(ZoneOffset.UTC).toLocalDate(), day.size(), peakLive, meanParticipants, seed);
        System.out.printf(Locale.ROOT, "scale 1 (virtual time, real population): quota %d/day, cap %.0f/s - %.0f%% headroom;"
                        + " minimum sweep cost sum ceil(n/10) = %d = %.0f%% of quota;"
                        + " poll-all demand at peak = %.1f calls/s%n",
                limits.daily(), limits.perSecond(), limits.headroom() * 100, minimum, 100.0 * minimum / limits.daily(),
                peakLive * 1.0 * minimum / day.size() / INTERVAL.toSeconds());
        // Yesterday, the same kind of day with other meetings: the shape our forecast follows.
        DemandProfile yesterday = DemandProfile.of(DAY.minus(Duration.ofDays(1)).atZone(ZoneOffset.UTC).toLocalDate(),
                population(peakLive, meanParticipants, seed + 1).stream()
                        .map(m -> new DemandProfile.Span(m.start().minus(Duration.ofDays(1)),
                                m.end().minus(Duration.ofDays(1)), m.pages()))
                        .toList());
        List<Result> results = new ArrayList<>();
        for (Strategy s : Strategy.values()) {
            results.add(run(s, day, limits, yesterday));
        }
        print(results, minimum);
    }

    /** The shared business day ({@link DayPopulation}) as this model's meetings. */
    static List<Meeting> population(int peakLive, int meanParticipants, long seed) {
        return DayPopulation.of(DAY, peakLive, meanParticipants, seed).stream()
                .map(s -> new Meeting(s.index(), "m" + s.index(), s.start(), s.end(), s.participants(), s.attention()))
                .toList();
    }

    static Result run(Strategy strategy, List<Meeting> day, ZoomProperties.Budget limits, DemandProfile yesterday) {
        long realStart = System.nanoTime();
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        time.advanceTimeTo(DAY);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS));
            }
        };
        PacedAccountBudget budget = PacedAccountBudget.inMemory(ACCOUNT, limits, BudgetProperties.defaults(), clock, time);
        Map<String, Meeting> byUuid = new HashMap<>();
        day.forEach(m -> byUuid.put(m.uuid(), m));
        Map<String, Instant> coveredUntil = new HashMap<>();
        Map<String, Instant> lastLive = new HashMap<>();
        Map<String, Boolean> swept = new HashMap<>();
        Map<String, Long> sweepCalls = new HashMap<>();
        Map<String, Long> calls = new HashMap<>();
        Map<Attention, List<Long>> staleness = new EnumMap<>(Attention.class);
        long[] quotaAtMidnight = {-1};

        PollingProperties properties = new PollingProperties(true, INTERVAL, 0.2, 8, PAST_DELAY, Duration.ofMinutes(1),
                Duration.ofMinutes(15), Duration.ofHours(6), Duration.ofHours(24), 1, Duration.ofMinutes(1), 50);
        PollPlanner[] planner = new PollPlanner[1];
        planner[0] = new PollPlanner(ACCOUNT, properties, time, job -> {
            Meeting m = byUuid.get(job.meetingUuid());
            Instant now = clock.instant();
            if (job.kind() == PollJob.Kind.LIVE) {
                if (!now.isBefore(m.end())) {
                    // Strategy (a) is told nothing about the end: Zoom's "not live" costs a call, then it stops.
                    return permits(budget, Priority.NORMAL, 1, calls, "live")
                            .thenReturn(strategy == Strategy.POLL_ALL ? PollOutcome.GONE : PollOutcome.NOT_LIVE);
                }
                // Ours: watched and pinned live polls take permits at the sweeps' priority (QosPoller).
                Priority priority = strategy == Strategy.OURS && m.attention().keepsInterval() ? Priority.SWEEP : Priority.NORMAL;
                return permits(budget, priority, present(m, now), calls, "live").then(Mono.fromCallable(() -> {
                    Instant at = clock.instant();
                    coveredUntil.merge(m.uuid(), at, (a, b) -> a.isAfter(b) ? a : b);
                    lastLive.put(m.uuid(), at);
                    return PollOutcome.DONE;
                }));
            }
            if (now.isBefore(m.end().plus(PAST_DELAY))) {
                return permits(budget, Priority.SWEEP, 1, calls, "sweep").thenReturn(PollOutcome.NOT_READY);
            }
            long pages = m.pages();
            // Sweep only (b) lists the participants after the pages, as before the roster shortcut.
            Mono<Void> work = permits(budget, Priority.SWEEP, pages, calls, "sweep");
            long cost = pages;
            if (strategy == Strategy.SWEEP_ONLY) {
                work = work.then(permits(budget, Priority.SWEEP, 1, calls, "roster"));
                cost++;
            }
            long spent = cost;
            return work.then(Mono.fromCallable(() -> {
                swept.put(m.uuid(), true);
                sweepCalls.put(m.uuid(), spent);
                return PollOutcome.DONE;
            }));
        }, new PlannerEvents() { }, new Random(7),
                strategy == Strategy.OURS ? uuid -> byUuid.get(uuid).attention() == Attention.POOR
                        ? Attention.POOR : byUuid.get(uuid).attention() : uuid -> Attention.OTHER);

        for (Meeting m : day) {
            if (strategy != Strategy.SWEEP_ONLY) {
                time.schedule(() -> planner[0].meetingStarted(m.uuid(), m.start()),
                        Duration.between(DAY, m.start()).toMillis(), TimeUnit.MILLISECONDS);
            }
            if (strategy != Strategy.POLL_ALL) {
                time.schedule(() -> planner[0].track(m.uuid(), m.start(), m.end(), null),
                        Duration.between(DAY, m.end()).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (strategy == Strategy.OURS) {
            // The product's forecast every minute, from what the collector would know at that moment.
            Flux.interval(Duration.ofMinutes(1), Duration.ofMinutes(1), time).subscribe(t -> {
                Instant now = clock.instant();
                int live = 0;
                long livePages = 0;
                long kept = 0;
                long ended = 0;
                long endedCalls = 0;
                for (Meeting m : day) {
                    if (!m.start().isAfter(now) && m.end().isAfter(now)) {
                        live++;
                        livePages += m.pages();
                        if (m.attention().keepsInterval()) {
                            kept += m.pages();
                        }
                    } else if (!m.end().isAfter(now) && !m.end().isBefore(now.truncatedTo(java.time.temporal.ChronoUnit.DAYS))) {
                        ended++;
                        endedCalls += m.pages();
                    }
                }
                SweepForecast f = SweepForecast.of(now, INTERVAL, livePages, live, ended, endedCalls,
                        budget.status().remainingToday(), kept, yesterday);
                budget.reserveForSweeps(f.reserve());
                budget.paceLive(f.livePaceUntil());
                planner[0].liveShareSpent(f.remainingToday() <= f.reserve());
            });
        }
        if (strategy != Strategy.SWEEP_ONLY) {
            // Freshness as the issue defines it: every simulated minute, the age of each live
            // meeting's newest stored sample (since its start while it has none yet).
            Flux.interval(Duration.ofMinutes(1), Duration.ofMinutes(1), time).take(24 * 60 - 1).subscribe(t -> {
                Instant now = clock.instant();
                for (Meeting m : day) {
                    if (!m.start().isAfter(now) && m.end().isAfter(now)) {
                        staleness.computeIfAbsent(m.attention(), k -> new ArrayList<>())
                                .add(Duration.between(lastLive.getOrDefault(m.uuid(), m.start()), now).toSeconds());
                    }
                }
            });
        }
        Instant midnight = DAY.plus(Duration.ofDays(1));
        time.schedule(() -> quotaAtMidnight[0] = budget.status().remainingToday(),
                Duration.ofDays(1).minusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
        // Past midnight: the last meetings' sweeps, on the next day's quota.
        time.advanceTimeTo(midnight.plus(Duration.ofHours(2)));
        planner[0].close();

        int ended = 0;
        int full = 0;
        int partial = 0;
        int none = 0;
        long sweepCallsOfFull = 0;
        for (Meeting m : day) {
            if (m.end().isAfter(midnight)) {
                continue;
            }
            ended++;
            Instant covered = coveredUntil.get(m.uuid());
            if (swept.getOrDefault(m.uuid(), false) || (covered != null && !covered.isBefore(m.end()))) {
                full++;
                sweepCallsOfFull += sweepCalls.getOrDefault(m.uuid(), 0L);
            } else if (covered != null) {
                partial++;
            } else {
                none++;
            }
        }
        long minimumOfFull = day.stream().filter(m -> !m.end().isAfter(midnight) && swept.getOrDefault(m.uuid(), false))
                .mapToLong(Meeting::pages).sum();
        Map<Attention, long[]> fresh = new EnumMap<>(Attention.class);
        staleness.forEach((a, list) -> {
            long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
            fresh.put(a, new long[] {sorted[sorted.length / 2], sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]});
        });
        time.dispose();
        return new Result(strategy, ended, full, partial, none, calls, minimumOfFull, sweepCallsOfFull, full,
                quotaAtMidnight[0], fresh, (System.nanoTime() - realStart) / 1e9);
    }

    /** Participants present at {@code now}, in pages of 10: here the participants are present throughout. */
    private static long present(Meeting m, Instant now) {
        return m.pages();
    }

    /** Takes {@code n} permits in turn, counting them by kind. */
    private static Mono<Void> permits(PacedAccountBudget budget, Priority priority, long n, Map<String, Long> calls,
                                      String kind) {
        return Flux.range(0, (int) n)
                .concatMap(i -> budget.acquire(priority).then(Mono.fromRunnable(() -> calls.merge(kind, 1L, Long::sum))))
                .then();
    }

    private static void print(List<Result> results, long minimum) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %6s %6s %7s %5s %8s %8s %7s %8s %13s %17s %17s %17s %8s%n", "strategy",
                "ended", "full", "partial", "none", "live", "sweep", "roster", "quota@0h", "sweep/min(full)",
                "watched p50/p95 s", "pinned p50/p95 s", "other p50/p95 s", "real s");
        for (Result r : results) {
            double ratio = r.minimumSweepCalls() == 0 ? 0 : (double) r.sweepCallsOfFull() / r.minimumSweepCalls();
            System.out.printf(Locale.ROOT, "%-11s %6d %6d %7d %5d %8d %8d %7d %8d %13s %17s %17s %17s %8.1f%n",
                    r.strategy().name().toLowerCase(), r.ended(), r.full(), r.partial(), r.none(),
                    r.calls().getOrDefault("live", 0L), r.calls().getOrDefault("sweep", 0L),
                    r.calls().getOrDefault("roster", 0L), r.quotaLeft(),
                    r.minimumSweepCalls() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ratio),
                    fresh(r, Attention.WATCHED), fresh(r, Attention.PINNED), freshOther(r), r.realSeconds());
        }
        System.out.println("full = swept, or (poll-all) a live poll at or after the end; partial = some live data, no sweep;"
                + " none = nothing. 429s: 0 by construction in this model (the budget never exceeds a limit it knows).");
        System.out.println("sweep/min(full) = sweep + roster calls of fully collected meetings / their sum of ceil(n/10)"
                + " (NOT_READY retries excluded). Freshness = age of a live meeting's newest live sample (since its start"
                + " before the first), sampled every simulated minute.");
        System.out.println("min sweep cost of the whole day: " + minimum);
    }

    private static String fresh(Result r, Attention a) {
        long[] f = r.freshness().get(a);
        return f == null ? "-" : f[0] + "/" + f[1];
    }

    /** Poor and other together: everything that is neither watched nor pinned. */
    private static String freshOther(Result r) {
        long[] o = r.freshness().get(Attention.OTHER);
        long[] p = r.freshness().get(Attention.POOR);
        if (o == null) {
            return "-";
        }
        return p == null ? o[0] + "/" + o[1] : o[0] + "/" + o[1] + " (poor " + p[0] + "/" + p[1] + ")";
    }

    private DayHarness() {
    }
}
