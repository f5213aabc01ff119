package io.zoomqos.bench;

import io.zoomqos.simulator.RequestLog;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.SimulatorProperties;
import io.zoomqos.simulator.SimulatorServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The built-in simulator ({@link SimulatorServer}, in-process on 127.0.0.1) as the rate-limited
 * API: one simulator account per contender, so contenders run at once without sharing a window.
 * A Heavy call is "List meeting participants QoS" of a meeting that does not exist: the simulator
 * admits it against both limits (a 404 counts, as at Zoom) or answers 429, and renders almost
 * nothing, so the bench measures the limiter, not JSON. Every request is read back from the
 * simulator's request log (real arrival time, status), i.e. what Zoom's side saw.
 *
 * <p>The simulator answers at once; {@code latency} is added on the client side after each
 * answer, as a network round trip would, so that a sequential caller is as slow as against Zoom.
 */
final class SimulatorApi implements RateLimitedApi {

    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final SimulatorServer sim;
    private final HttpClient http;
    private final Duration latency;
    private final int perSecondLimit;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    SimulatorApi(List<String> accountIds, int perSecondLimit, Duration latency, ConnectionProvider pool) {
        this.perSecondLimit = perSecondLimit;
        this.latency = latency;
        SimulatorProperties props = SimulatorProperties.builder()
                .perSecondLimit(perSecondLimit)
                .dailyLimit(100_000_000L) // the per-second window is under test, not the daily quota
                .webhookEnabled(false)
                .continuous(false)
                .meetings(1)
                .requestLogCapacity(3_000_000)
                .build();
        this.sim = SimulatorServer.start(props, accountIds.stream().map(a -> new SimulatedZoom.Account(a, "unused")).toList());
        this.http = HttpClient.create(pool);
        String basic = "Basic " + Base64.getEncoder().encodeToString("bench:bench".getBytes(StandardCharsets.UTF_8));
        Flux.fromIterable(accountIds)
                .flatMap(a -> http.headers(h -> h.set("Authorization", basic))
                        .post().uri(sim.oauthUrl() + "/oauth/token?grant_type=account_credentials&account_id=" + a)
                        .responseSingle((r, body) -> body.asString())
                        .doOnNext(json -> {
                            Matcher m = TOKEN.matcher(json);
                            if (!m.find()) {
                                throw new IllegalStateException("no token for " + a + ": " + json);
                            }
                            tokens.put(a, m.group(1));
                        }))
                .then()
                .block(Duration.ofSeconds(30));
    }

    @Override
    public String describe() {
        return "the built-in simulator (SimulatorServer, " + perSecondLimit + " admitted req/s per account in any trailing"
                + " second, 429s consume nothing), +" + latency.toMillis() + " ms client-side round trip";
    }

    @Override
    public Mono<Integer> call(String accountId) {
        String bearer = "Bearer " + tokens.get(accountId);
        String uri = sim.apiUrl() + "/metrics/meetings/999/participants/qos?type=live&page_size=10";
        return Mono.defer(() -> http.headers(h -> h.set("Authorization", bearer)).get().uri(uri)
                        .responseSingle((response, body) -> body.asString().defaultIfEmpty("").thenReturn(response.status().code())))
                .delayElement(latency);
    }

    @Override
    public long nowNanos() {
        return nanos(Instant.now());
    }

    @Override
    public List<Seen> seen(String accountId) {
        return sim.zoom().requestLog().entries().stream()
                .filter(e -> accountId.equals(e.accountId()) && e.path().startsWith("/v2/"))
                .map(e -> new Seen(nanos(e.realTime()), e.status()))
                .toList();
    }

    /** The simulator's own counters: admitted, 429s and the peak in any trailing second it saw. */
    RequestLog.AccountStats stats(String accountId) {
        return sim.zoom().requestLog().stats(accountId);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public void close() {
        sim.close();
    }
}
