package io.zoomqos.collector.zoom;

import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.ratelimit.AccountBudget;
import io.zoomqos.collector.ratelimit.AccountFailure;
import io.zoomqos.collector.ratelimit.Priority;
import io.zoomqos.collector.ratelimit.AccountBudgets;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * One logical GET on Zoom's REST API, with everything every request needs, in this order:
 * <ol>
 *   <li>a permit from the account's budget ({@code acquire()}), for every HTTP request sent:
 *       each page, each 401 retry, each 5xx retry;</li>
 *   <li>a token (cached; taken after the permit so that a long wait for a permit cannot leave
 *       us holding an expired token. The price: when the OAuth host fails, the permit of that
 *       attempt is spent without an API call);</li>
 *   <li>the request, then {@code budget.record(...)} for every response, 429 or not;</li>
 *   <li>401: the token is invalidated, renewed once, and the request retried once; a 401 that
 *       survives that, or an OAuth host that refuses the credentials, is reported to the budget
 *       ({@code recordFailure}), which pauses the whole account with exponential backoff (token
 *       requests included: they come after the permit) and shows it as failing until an answer
 *       other than 401 ({@code recordSuccess}); while it fails, a 401 is final at once (no
 *       renew-and-retry), so each backoff costs one request;</li>
 *   <li>5xx, timeouts, connection errors: retried with exponential backoff and jitter on the
 *       injected scheduler. 429s are not retried: see {@link RateLimitedException}.</li>
 * </ol>
 */
final class ZoomExchange {

    private static final Logger log = LoggerFactory.getLogger(ZoomExchange.class);

    private final ZoomHttp http;
    private final ZoomEndpoints endpoints;
    private final ZoomTokenProvider tokens;
    private final AccountBudgets budgets;
    private final ZoomResponseClassifier classifier;
    private final ZoomRequestMetrics metrics;
    private final ZoomClientProperties properties;
    private final Clock clock;
    private final Scheduler scheduler;
    private final BiConsumer<String, CallKind> sent;

    /** @param sent told of every request as it leaves ({@link CallLedger}) */
    ZoomExchange(ZoomHttp http, ZoomEndpoints endpoints, ZoomTokenProvider tokens, AccountBudgets budgets,
                 ZoomResponseClassifier classifier, ZoomRequestMetrics metrics, ZoomClientProperties properties,
                 Clock clock, Scheduler scheduler, BiConsumer<String, CallKind> sent) {
        this.sent = sent;
        this.http = http;
        this.endpoints = endpoints;
        this.tokens = tokens;
        this.budgets = budgets;
        this.classifier = classifier;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * @param pathAndQuery already encoded, e.g. {@code /metrics/meetings/123/participants/qos?type=live}
     */
    Mono<JsonNode> get(String accountId, String endpoint, String pathAndQuery) {
        return Mono.defer(() -> {
            AccountBudget budget = budgets.of(accountId);
            return attempt(accountId, budget, endpoint, pathAndQuery, false)
                    .doOnError(ZoomUnauthorizedException.class, e -> budget.recordFailure(failure(e)));
        }).retryWhen(retry(accountId, endpoint));
    }

    private static AccountFailure failure(ZoomUnauthorizedException e) {
        return ZoomTokenProvider.ENDPOINT.equals(e.endpoint()) ? AccountFailure.CREDENTIALS_REFUSED
                : AccountFailure.UNAUTHORIZED;
    }

    private Retry retry(String accountId, String endpoint) {
        return Retry.backoff(properties.maxAttempts() - 1L, properties.firstBackoff())
                .maxBackoff(properties.maxBackoff())
                .jitter(properties.jitter())
                .scheduler(scheduler)
                .filter(e -> e instanceof ZoomApiException z && z.retryable())
                .doBeforeRetry(s -> log.info("zoom request retry account={} endpoint={} retry={} outcome={}",
                        accountId, endpoint, s.totalRetries() + 1, ((ZoomApiException) s.failure()).outcome()))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    private Mono<JsonNode> attempt(String accountId, AccountBudget budget, String endpoint, String pathAndQuery,
                                   boolean tokenRenewed) {
        // The caller's priority travels in the subscriber context (see ZoomClient#SWEEP), so a
        // sweep's every page and retry may use the daily reserve without widening each method.
        return Mono.deferContextual(ctx -> budget.acquire(ctx.getOrDefault(Priority.class, Priority.NORMAL)))
                .then(tokens.token(accountId))
                .flatMap(token -> send(accountId, budget, endpoint, pathAndQuery, token)
                        .onErrorResume(ZoomUnauthorizedException.class, e -> {
                            tokens.invalidate(accountId, token);
                            if (tokenRenewed || budget.failing() != null) {
                                // a failing account's probe gets no second try: its next probe,
                                // after the backoff, renews the token anyway
                                return Mono.error(e);
                            }
                            log.info("zoom token rejected, renewing account={} endpoint={}", accountId, endpoint);
                            return attempt(accountId, budget, endpoint, pathAndQuery, true);
                        }));
    }

    private Mono<JsonNode> send(String accountId, AccountBudget budget, String endpoint, String pathAndQuery,
                                ZoomToken token) {
        return metrics.observe(endpoint, Mono.defer(() -> {
            sent.accept(accountId, CallKind.of(endpoint, pathAndQuery));
            // Read per request: the simulator's addresses are known only once its server listens.
            URI uri = URI.create(ZoomPaths.base(endpoints.apiUrl()) + pathAndQuery);
            return http.send(endpoint, HttpMethod.GET, uri, "Bearer " + token.accessToken());
        }).map(response -> {
            Instant now = clock.instant();
            budget.record(classifier.signal(response, now));
            if (response.status() != 401) {
                // the credentials work, whatever else this answer says
                budget.recordSuccess();
            }
            ZoomApiException error = classifier.error(endpoint, response, now);
            if (error != null) {
                throw error;
            }
            return classifier.body(endpoint, response);
        }));
    }
}
