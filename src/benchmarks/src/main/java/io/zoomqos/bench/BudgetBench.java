package io.zoomqos.bench;

import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.zoomqos.collector.config.ZoomProperties;
import io.zoomqos.collector.ratelimit.BudgetProperties;
import io.zoomqos.collector.ratelimit.PacedAccountBudget;
import io.zoomqos.collector.ratelimit.RateLimitSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.ConnectionProvider;

/**
 * Saturates a 16 req/s sliding-window API with each contender at once, one account each, and
 * prints what the API saw. By default the API is the built-in simulator ({@link SimulatorApi});
 * {@code window} as 4th argument uses the bench's own {@link SlidingWindowServer} instead. Run:
 * {@code ./mvnw -q -pl src/benchmarks -am test-compile exec:java -Dexec.mainClass=io.zoomqos.bench.BudgetBench}
 * (optional args: seconds, latencyMillis, concurrency, sim|window; defaults 60, 50, 64, sim).
 */
public final class BudgetBench {

    private static final int SERVER_LIMIT = 16;
    private static final double HEADROOM = 0.10;
    private static final double EFFECTIVE = SERVER_LIMIT * (1 - HEADROOM); // 14.4
    private static final long SECOND = 1_000_000_000L;
    /** 1 / 14.4 s and 1 / 14 s: the other limiters paced at our effective cap and at its floor. */
    private static final Duration AT_14_4 = Duration.ofNanos(Math.round(SECOND / EFFECTIVE));
    private static final Duration AT_14 = Duration.ofNanos(SECOND / 14);

    private record Contender(String name, String account, Function<Mono<Integer>, Flux<Integer>> drive) {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 50);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        boolean simulator = args.length <= 3 || !args[3].equals("window");
        ScheduledExecutorService bucketTimer = Executors.newScheduledThreadPool(2);
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(2_000).pendingAcquireMaxCount(-1).build();
        List<Contender> contenders = contenders(concurrency, bucketTimer);
        List<String> accounts = new ArrayList<>(contenders.stream().map(Contender::account).toList());
        accounts.add("warmup");

        try (RateLimitedApi api = simulator ? new SimulatorApi(accounts, SERVER_LIMIT, latency, pool)
                : new SlidingWindowServer(SERVER_LIMIT, latency, pool)) {
            System.out.printf(Locale.ROOT, "budget bench: %d s against %s; effective cap %.1f/s (16 x 0.9), "
                    + "%d requests in flight per contender, all contenders at once, one account each; load average %.2f%n",
                    seconds, api.describe(), EFFECTIVE, concurrency, loadAverage());

            // Warm-up on an account of its own: JIT, event loops and a few pooled connections, so
            // that no contender's first second is bunched by connection set-up and class loading.
            Flux.range(0, 400).flatMap(i -> api.call("warmup"), 32).then().block();

            long start = api.nowNanos();
            Flux.fromIterable(contenders)
                    .flatMap(c -> c.drive().apply(api.call(c.account())).take(Duration.ofSeconds(seconds)).then())
                    .then()
                    .block();
            double elapsed = (api.nowNanos() - start) / 1e9;
            System.out.printf(Locale.ROOT, "elapsed %.1f s; rates are counted over the first %d s from the start; load average %.2f%n",
                    elapsed, seconds, loadAverage());

            System.out.println();
            System.out.printf("%-40s %8s %9s %9s %7s %8s %8s %7s%n",
                    "contender", "ok req/s", "util14.4", "util14", "max/1s", "win>16", "win>14", "429s");
            for (Contender c : contenders) {
                print(c.name(), api.seen(c.account()), start, seconds);
            }
            System.out.println();
            System.out.println("ok = requests the API admitted (not 429); util = ok per second / cap; max/1s = most requests"
                    + " (admitted or not) the API saw in any sliding second; win>N = sliding 1-s windows (one starting at each"
                    + " request) holding more than N requests; 429s = per-second rejections.");
            if (api instanceof SimulatorApi sim) {
                System.out.println("simulator's own counters (admitted / 429s / peak attempts in a trailing second):");
                for (Contender c : contenders) {
                    var st = sim.stats(c.account());
                    System.out.printf(Locale.ROOT, "  %-40s %7d %7d %4d%n", c.name(), st.heavyAdmitted(), st.perSecondRejected(),
                            st.peakAttemptsPerSecond());
                }
            }
        } finally {
            bucketTimer.shutdownNow();
            pool.disposeLater().block();
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static List<Contender> contenders(int concurrency, ScheduledExecutorService bucketTimer) {
        List<Contender> list = new ArrayList<>();

        PacedAccountBudget ours = PacedAccountBudget.inMemory("ours",
                new ZoomProperties.Budget(SERVER_LIMIT, HEADROOM, 1_000_000_000L, 0.05),
                BudgetProperties.defaults(), Schedulers.newSingle("budget-timer", true));
        list.add(new Contender("ours (PacedAccountBudget.acquire)", "ours", call -> Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> ours.acquire().then(call.doOnNext(status -> {
                    if (status == 429) {
                        ours.record(new RateLimitSignal(RateLimitSignal.Kind.PER_SECOND_EXCEEDED, null, null, Instant.now()));
                    }
                })), concurrency)));

        RateLimiter r4jNaive = RateLimiter.of("r4j-naive", RateLimiterConfig.custom()
                .limitForPeriod(14).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofSeconds(60)).build());
        list.add(new Contender("resilience4j 14 permits / 1 s", "r4j-14", call -> Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> call.transformDeferred(RateLimiterOperator.of(r4jNaive)), concurrency)));

        for (Duration period : List.of(AT_14_4, AT_14)) {
            RateLimiter paced = RateLimiter.of("r4j-" + period.toNanos(), RateLimiterConfig.custom()
                    .limitForPeriod(1).limitRefreshPeriod(period).timeoutDuration(Duration.ofSeconds(60)).build());
            list.add(new Contender(String.format(Locale.ROOT, "resilience4j 1 permit / %.2f ms", period.toNanos() / 1e6),
                    "r4j-" + period.toNanos(), call -> Flux.range(0, Integer.MAX_VALUE)
                    .flatMap(i -> call.transformDeferred(RateLimiterOperator.of(paced)), concurrency)));
        }

        Bucket b4jNaive = Bucket.builder()
                .addLimit(l -> l.capacity(14).refillGreedy(14, Duration.ofSeconds(1))).build();
        list.add(new Contender("bucket4j capacity 14, 14 / 1 s", "b4j-14", call -> Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> Mono.fromFuture(() -> b4jNaive.asScheduler().consume(1, bucketTimer)).then(call), concurrency)));

        for (Duration period : List.of(AT_14_4, AT_14)) {
            Bucket paced = Bucket.builder().addLimit(l -> l.capacity(1).refillGreedy(1, period)).build();
            list.add(new Contender(String.format(Locale.ROOT, "bucket4j capacity 1, 1 / %.2f ms", period.toNanos() / 1e6),
                    "b4j-" + period.toNanos(), call -> Flux.range(0, Integer.MAX_VALUE)
                    .flatMap(i -> Mono.fromFuture(() -> paced.asScheduler().consume(1, bucketTimer)).then(call), concurrency)));
        }

        list.add(new Contender("sequential loop, no limiter", "sequential", call -> Flux.range(0, Integer.MAX_VALUE).concatMap(i -> call)));
        return list;
    }

    private static void print(String name, List<RateLimitedApi.Seen> seen, long start, int seconds) {
        long[] t = seen.stream().mapToLong(RateLimitedApi.Seen::arrivedNanos).sorted().toArray();
        long ok = seen.stream().filter(s -> !s.throttled() && s.arrivedNanos() >= start && s.arrivedNanos() < start + seconds * SECOND).count();
        long throttled = seen.stream().filter(RateLimitedApi.Seen::throttled).count();
        int max = 0;
        long over16 = 0;
        long over14 = 0;
        int j = 0;
        for (int i = 0; i < t.length; i++) {
            if (j < i) {
                j = i;
            }
            while (j < t.length && t[j] < t[i] + SECOND) {
                j++;
            }
            int inWindow = j - i;
            max = Math.max(max, inWindow);
            over16 += inWindow > 16 ? 1 : 0;
            over14 += inWindow > 14 ? 1 : 0;
        }
        double rate = ok / (double) seconds;
        System.out.printf(Locale.ROOT, "%-40s %8.2f %8.1f%% %8.1f%% %7d %8d %8d %7d%n",
                name, rate, 100 * rate / EFFECTIVE, 100 * rate / Math.floor(EFFECTIVE), max, over16, over14, throttled);
    }
}
