package io.zoomqos.collector.zoom;

import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.config.ZoomProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * Server-to-Server OAuth access tokens, one cached per account.
 *
 * <ul>
 *   <li>Renewed lazily: the first caller after {@code expires_in - tokenRefreshMargin} starts a
 *       renewal (Zoom issues no refresh tokens; a new token is simply requested).</li>
 *   <li>Single-flight: while a renewal is in flight every caller of that account shares it, so
 *       a burst of callers makes exactly one token request.</li>
 *   <li>Token requests go to the OAuth host, not to the REST API, and are not among Zoom's
 *       rate-limited API categories, so they take no permit from the account's Heavy budget.</li>
 * </ul>
 */
final class ZoomTokenProvider {

    static final String ENDPOINT = "oauth_token";

    private static final Logger log = LoggerFactory.getLogger(ZoomTokenProvider.class);

    private final ZoomHttp http;
    private final ZoomEndpoints endpoints;
    private final ZoomAccounts accounts;
    private final ZoomResponseClassifier classifier;
    private final ZoomRequestMetrics metrics;
    private final Duration refreshMargin;
    private final Clock clock;
    private final ConcurrentMap<String, AtomicReference<State>> states = new ConcurrentHashMap<>();

    ZoomTokenProvider(ZoomHttp http, ZoomEndpoints endpoints, ZoomAccounts accounts, ZoomResponseClassifier classifier,
                      ZoomRequestMetrics metrics, Duration refreshMargin, Clock clock) {
        this.http = http;
        this.endpoints = endpoints;
        this.accounts = accounts;
        this.classifier = classifier;
        this.metrics = metrics;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    /** A usable token of the account: the cached one, the renewal in flight, or a new renewal. */
    Mono<ZoomToken> token(String accountId) {
        return Mono.defer(() -> current(states.computeIfAbsent(accountId, id -> new AtomicReference<>(State.EMPTY)),
                accountId));
    }

    /**
     * Zoom rejected {@code rejected} (401): forget it, unless another caller already replaced it,
     * so that concurrent 401s on the same token cause one renewal, not one each.
     */
    void invalidate(String accountId, ZoomToken rejected) {
        AtomicReference<State> ref = states.get(accountId);
        if (ref != null) {
            ref.updateAndGet(s -> s.token() == rejected ? new State(null, s.renewal()) : s);
        }
    }

    private Mono<ZoomToken> current(AtomicReference<State> ref, String accountId) {
        while (true) {
            State s = ref.get();
            if (s.token() != null && s.token().usableAt(clock.instant())) {
                return Mono.just(s.token());
            }
            if (s.renewal() != null) {
                return s.renewal();
            }
            Sinks.One<ZoomToken> sink = Sinks.one();
            State renewing = new State(s.token(), sink.asMono());
            if (!ref.compareAndSet(s, renewing)) {
                continue;
            }
            // Subscribed here, not by the callers, so that a caller that cancels does not cancel
            // the renewal the others wait for.
            request(accountId).subscribe(
                    token -> {
                        ref.set(new State(token, null));
                        sink.tryEmitValue(token);
                    },
                    error -> {
                        // by identity: invalidate() may have replaced the state object meanwhile
                        ref.updateAndGet(now -> now.renewal() == renewing.renewal() ? State.EMPTY : now);
                        sink.tryEmitError(error);
                    });
            return renewing.renewal();
        }
    }

    private Mono<ZoomToken> request(String accountId) {
        return metrics.observe(ENDPOINT, Mono.defer(() -> {
            ZoomProperties.Account account = accounts.find(accountId).orElse(null);
            if (account == null) {
                return Mono.error(new IllegalArgumentException("no Zoom account " + accountId + " in qos.zoom.accounts"));
            }
            if (!account.hasCredentials()) {
                return Mono.error(new ZoomUnauthorizedException("account " + accountId + " has no client credentials",
                        ENDPOINT, 0, null, null));
            }
            String credentials = nullToEmpty(account.clientId()) + ":" + nullToEmpty(account.clientSecret());
            String basic = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            URI uri = URI.create(ZoomPaths.base(endpoints.oauthUrl()) + "/oauth/token?grant_type=account_credentials"
                    + "&account_id=" + ZoomPaths.encode(accountId));
            return http.send(ENDPOINT, HttpMethod.POST, uri, basic).map(r -> toToken(accountId, r));
        }));
    }

    private ZoomToken toToken(String accountId, ZoomResponse r) {
        Instant now = clock.instant();
        ZoomApiException error = classifier.error(ENDPOINT, r, now);
        if (error != null) {
            if (error instanceof ZoomRejectedException) {
                // 400 invalid_client and friends: the account's credentials are wrong, not the request
                error = new ZoomUnauthorizedException("the OAuth host refused the account's credentials", ENDPOINT,
                        r.status(), error.zoomCode(), error);
            }
            log.warn("zoom token request failed account={} status={} outcome={}", accountId, r.status(),
                    error.outcome());
            throw error;
        }
        JsonNode body = classifier.body(ENDPOINT, r);
        JsonNode accessToken = body.get("access_token");
        JsonNode expiresIn = body.get("expires_in");
        if (accessToken == null || !accessToken.isString() || accessToken.stringValue().isBlank()
                || expiresIn == null || !expiresIn.canConvertToLong() || expiresIn.asLong() <= 0) {
            throw new ZoomBadResponseException("token response without access_token / expires_in", ENDPOINT,
                    r.status(), null, null);
        }
        Duration lifetime = Duration.ofSeconds(expiresIn.asLong());
        // A token shorter-lived than twice the margin is still used for half its life.
        Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
        Instant expiresAt = now.plus(lifetime);
        log.info("zoom token issued account={} expiresIn={}s", accountId, lifetime.toSeconds());
        return new ZoomToken(accessToken.stringValue(), expiresAt, expiresAt.minus(margin));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The cached token (may be stale) and the renewal in flight, if any; swapped atomically. */
    private record State(ZoomToken token, Mono<ZoomToken> renewal) {
        static final State EMPTY = new State(null, null);
    }
}
