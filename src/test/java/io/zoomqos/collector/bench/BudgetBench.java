package io.zoomqos.collector.bench;

import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.zoomqos.collector.config.ZoomProperties;
import io.zoomqos.collector.ratelimit.BudgetProperties;
import io.zoomqos.collector.ratelimit.PacedAccountBudget;
import io.zoomqos.collector.ratelimit.RateLimitSignal;
import java.time.Clock;
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
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Saturates a 16 req/s sliding-window server with each contender at once, one account id each,
 * and prints what the server saw. Run:
 * {@code ./mvnw -q test-compile exec:java -Dexec.mainClass=io.zoomqos.collector.bench.BudgetBench -Dexec.classpathScope=test}
 * (optional args: seconds, latencyMillis, concurrency; defaults 60, 50, 64).
 */
public final class BudgetBench {

    private static final int SERVER_LIMIT = 16;
    private static final double HEADROOM = 0.10;
    private static final double EFFECTIVE = SERVER_LIMIT * (1 - HEADROOM); // 14.4
    private static final long SECOND = 1_000_000_000L;

    private record Contender(String name, Function<Mono<Integer>, Flux<Integer>> drive) {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 50);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        ScheduledExecutorService bucketTimer = Executors.newScheduledThreadPool(2);
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(2_000).pendingAcquireMaxCount(-1).build();

        try (RateLimitedApi api = new SlidingWindowServer(SERVER_LIMIT, latency)) {
            HttpClient http = HttpClient.create(pool).baseUrl(api.baseUrl().toString());
            List<Contender> contenders = contenders(concurrency, bucketTimer);
            System.out.printf(Locale.ROOT, "budget bench: %d s, server limit %d req/s (sliding 1 s), effective cap %.1f/s, "
                    + "latency %d ms, %d requests in flight per contender, all contenders at once%n",
                    seconds, SERVER_LIMIT, EFFECTIVE, latency.toMillis(), concurrency);

            // Warm-up on an account of its own: JIT, event loops and a few pooled connections, so
            // that no contender's first second is bunched by connection set-up and class loading.
            Flux.range(0, 400).flatMap(i -> call(http, "warmup"), 32).then().block();

            long start = System.nanoTime();
            Flux.fromIterable(contenders)
                    .flatMap(c -> c.drive().apply(call(http, account(c))).take(Duration.ofSeconds(seconds)).then())
                    .then()
                    .block();
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "elapsed %.1f s; rates are counted over the first %d s from the start%n", elapsed, seconds);

            System.out.println();
            System.out.printf("%-38s %8s %9s %9s %7s %8s %8s %7s%n",
                    "contender", "ok req/s", "util14.4", "util14", "max/1s", "win>16", "win>14", "429s");
            for (Contender c : contenders) {
                print(c.name(), api.seen(account(c)), start, seconds);
            }
            System.out.println();
            System.out.println("util = 200-answered requests per second / cap; max/1s = most requests the server saw in any"
                    + " sliding second; win>N = sliding 1-s windows (one starting at each request) holding more than N.");
        } finally {
            bucketTimer.shutdownNow();
            pool.disposeLater().block();
        }
    }

    private static List<Contender> contenders(int concurrency, ScheduledExecutorService bucketTimer) {
        List<Contender> list = new ArrayList<>();

        PacedAccountBudget ours = PacedAccountBudget.inMemory("ours",
                new ZoomProperties.Budget(SERVER_LIMIT, HEADROOM, 1_000_000_000L, 0.05),
                BudgetProperties.defaults(), Clock.systemUTC(), Schedulers.newSingle("budget-timer", true));
        list.add(new Contender("ours (PacedAccountBudget.limit)", call -> Flux.range(0, Integer.MAX_VALUE)
                .transformDeferred(ours::limit)
                .flatMap(i -> call.doOnNext(status -> {
                    if (status == 429) {
                        ours.record(new RateLimitSignal(RateLimitSignal.Kind.PER_SECOND_EXCEEDED, null, null, Instant.now()));
                    }
                }), concurrency)));

        RateLimiter r4jNaive = RateLimiter.of("r4j-naive", RateLimiterConfig.custom()
                .limitForPeriod(14).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofSeconds(60)).build());
        list.add(new Contender("resilience4j 14 permits / 1 s", call -> Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> call.transformDeferred(RateLimiterOperator.of(r4jNaive)), concurrency)));

        RateLimiter r4jPaced = RateLimiter.of("r4j-paced", RateLimiterConfig.custom()
                .limitForPeriod(1).limitRefreshPeriod(Duration.ofMillis(69)).timeoutDuration(Duration.ofSeconds(60)).build());
        list.add(new Contender("resilience4j 1 permit / 69 ms", call -> Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> call.transformDeferred(RateLimiterOperator.of(r4jPaced)), concurrency)));

        Bucket b4jNaive = Bucket.builder()
                .addLimit(l -> l.capacity(14).refillGreedy(14, Duration.ofSeconds(1))).build();
        list.add(new Contender("bucket4j capacity 14, 14 / 1 s", call -> Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> Mono.fromFuture(() -> b4jNaive.asScheduler().consume(1, bucketTimer)).then(call), concurrency)));

        Bucket b4jPaced = Bucket.builder()
                .addLimit(l -> l.capacity(1).refillGreedy(1, Duration.ofMillis(69))).build();
        list.add(new Contender("bucket4j capacity 1, 1 / 69 ms", call -> Flux.range(0, Integer.MAX_VALUE)
                .flatMap(i -> Mono.fromFuture(() -> b4jPaced.asScheduler().consume(1, bucketTimer)).then(call), concurrency)));

        list.add(new Contender("sequential loop, no limiter", call -> Flux.range(0, Integer.MAX_VALUE).concatMap(i -> call)));
        return list;
    }

    private static String account(Contender c) {
        return "bench-" + Integer.toHexString(c.name().hashCode());
    }

    private static Mono<Integer> call(HttpClient http, String account) {
        return Mono.defer(() -> http.get().uri("/accounts/" + account + "/qos")
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").thenReturn(response.status().code())));
    }

    private static void print(String name, List<RateLimitedApi.Seen> seen, long start, int seconds) {
        long[] t = seen.stream().mapToLong(RateLimitedApi.Seen::arrivedNanos).sorted().toArray();
        long ok = seen.stream().filter(s -> s.status() == 200 && s.arrivedNanos() < start + seconds * SECOND).count();
        long throttled = seen.stream().filter(s -> s.status() == 429).count();
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
        System.out.printf(Locale.ROOT, "%-38s %8.2f %8.1f%% %8.1f%% %7d %8d %8d %7d%n",
                name, rate, 100 * rate / EFFECTIVE, 100 * rate / Math.floor(EFFECTIVE), max, over16, over14, throttled);
    }
}
