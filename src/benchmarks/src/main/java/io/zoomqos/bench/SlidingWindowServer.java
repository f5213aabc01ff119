package io.zoomqos.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty server on 127.0.0.1 that plays Zoom's per-second limit: per account, a request
 * that would make more than {@code limit} requests in the trailing second (every request counts,
 * answered or not) gets Zoom's 429; others get 200. Answers after a fixed latency, like a
 * remote API would.
 */
final class SlidingWindowServer implements RateLimitedApi {

    static final String PER_SECOND_BODY =
            "{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this API. Try again later.\"}";
    private static final long SECOND = 1_000_000_000L;

    private final int limit;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final DisposableServer server;
    private final HttpClient http;

    SlidingWindowServer(int limit, Duration latency, ConnectionProvider pool) {
        this.limit = limit;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/v2/accounts/{account}/qos", (request, response) -> {
                    long now = System.nanoTime();
                    int status = accounts.computeIfAbsent(request.param("account"), a -> new Account()).arrive(now, limit);
                    Mono<String> body = Mono.delay(latency).thenReturn(status == 200 ? "{\"participants\":[]}" : PER_SECOND_BODY);
                    if (status == 429) {
                        response.header("X-RateLimit-Category", "Heavy").header("X-RateLimit-Type", "QPS");
                    }
                    return response.status(status).header("Content-Type", "application/json").sendString(body);
                }))
                .bindNow();
        this.http = HttpClient.create(pool).baseUrl(baseUrl().toString());
    }

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/v2");
    }

    @Override
    public String describe() {
        return "the bench's own sliding-window server (every request counts, " + limit + " req/s)";
    }

    @Override
    public Mono<Integer> call(String accountId) {
        return Mono.defer(() -> http.get().uri("/accounts/" + accountId + "/qos")
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").thenReturn(response.status().code())));
    }

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }

    @Override
    public List<Seen> seen(String accountId) {
        Account account = accounts.get(accountId);
        return account == null ? List.of() : account.snapshot();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private static final class Account {
        private final ArrayDeque<Long> trailing = new ArrayDeque<>();
        private final List<Seen> seen = new ArrayList<>();

        synchronized int arrive(long now, int limit) {
            while (!trailing.isEmpty() && trailing.peekFirst() <= now - SECOND) {
                trailing.pollFirst();
            }
            trailing.addLast(now);
            int status = trailing.size() > limit ? 429 : 200;
            seen.add(new Seen(now, status));
            return status;
        }

        synchronized List<Seen> snapshot() {
            return List.copyOf(seen);
        }
    }
}
