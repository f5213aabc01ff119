package io.zoomqos.collector.webhook;

import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomProperties;
import io.zoomqos.collector.events.EventSource;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.events.qss.QssEvent;
import io.zoomqos.collector.events.qss.QssOverloadedException;
import io.zoomqos.collector.events.qss.QssUnreadableException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /webhooks/zoom}. Order of checks: size (413), signature headers and timestamp
 * freshness (401), JSON shape (400, or 401 when no configured secret signed it, so unsigned
 * garbage learns nothing), account (404), the account's signature (401); then CRC is answered,
 * unsupported events are acknowledged and dropped, and meeting events are answered 200 only
 * after their row is committed (503 when it cannot be).
 */
final class ZoomWebhookHandler {

    static final String URL_VALIDATION = "endpoint.url_validation";
    private static final URI PROBLEM_BASE = URI.create("https://zoomqos.io/problems/webhook/");
    private static final Logger log = LoggerFactory.getLogger(ZoomWebhookHandler.class);

    private final ZoomAccounts accounts;
    private final WebhookIngestor ingestor;
    private final EventIngest events;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final Duration tolerance;
    private final int maxBodyBytes;
    private final String retryAfterSeconds;

    ZoomWebhookHandler(ZoomAccounts accounts, WebhookIngestor ingestor, EventIngest events, WebhookMetrics metrics,
                       WebhookProperties properties, Clock clock) {
        this.accounts = accounts;
        this.ingestor = ingestor;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.tolerance = accounts.properties().webhookTolerance();
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.maxBodySize().toBytes());
        this.retryAfterSeconds = Long.toString(Math.max(1, properties.retryAfter().toSeconds()));
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBodyBytes) {
            return tooLarge();
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBodyBytes)
                .map(ZoomWebhookHandler::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> handle(request.headers(), body))
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge());
    }

    private Mono<ServerResponse> handle(ServerRequest.Headers headers, byte[] body) {
        String timestamp = headers.firstHeader(WebhookSignature.TIMESTAMP_HEADER);
        String signature = headers.firstHeader(WebhookSignature.SIGNATURE_HEADER);
        if (timestamp == null || signature == null) {
            return unauthorized(null, "missing " + WebhookSignature.SIGNATURE_HEADER + " or "
                    + WebhookSignature.TIMESTAMP_HEADER + " header");
        }
        String freshness = freshness(timestamp);
        if (freshness != null) {
            return unauthorized(null, freshness);
        }
        JsonNode root;
        String event;
        try {
            root = WebhookParser.tree(body);
            event = WebhookParser.eventName(root);
        } catch (BadWebhookException e) {
            return signedByAnyAccount(timestamp, body, signature).isPresent()
                    ? badRequest(null, e.getMessage())
                    : unauthorized(null, "signature does not verify");
        }
        if (URL_VALIDATION.equals(event)) {
            return urlValidation(root, timestamp, body, signature);
        }
        String accountId;
        try {
            accountId = WebhookParser.accountId(root);
        } catch (BadWebhookException e) {
            return signedByAnyAccount(timestamp, body, signature).isPresent()
                    ? badRequest(event, e.getMessage())
                    : unauthorized(event, "signature does not verify");
        }
        Optional<ZoomProperties.Account> account = accounts.find(accountId);
        if (account.isEmpty() && signedByAnyAccount(timestamp, body, signature).isEmpty()) {
            // Unsigned requests learn nothing, not even which account ids are configured here.
            return unauthorized(event, "signature does not verify");
        }
        if (account.isEmpty()) {
            metrics.count(event, WebhookMetrics.Outcome.UNKNOWN_ACCOUNT);
            log.warn("webhook rejected reason=unknown_account event={} account={}", safe(event), safe(accountId));
            return problem(HttpStatus.NOT_FOUND, "unknown-account", "Unknown account",
                    "account " + accountId + " is not configured here");
        }
        if (!WebhookSignature.verify(account.get().webhookSecret(), timestamp, body, signature)) {
            return unauthorized(event, "signature does not verify");
        }
        if (QssEvent.handles(event)) {
            return qss(event, accountId, root);
        }
        WebhookEvent.Kind kind = WebhookEvent.Kind.of(event);
        if (kind == null) {
            metrics.count(event, WebhookMetrics.Outcome.IGNORED);
            log.info("webhook ignored event={} account={}", safe(event), accountId);
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("status", "ignored"));
        }
        WebhookEvent parsed;
        try {
            parsed = WebhookParser.meetingEvent(kind, root, body);
        } catch (BadWebhookException e) {
            return badRequest(event, e.getMessage());
        }
        return ingestor.submit(parsed)
                .flatMap(outcome -> {
                    metrics.count(event, outcome == WebhookEventStore.Outcome.STORED
                            ? WebhookMetrics.Outcome.STORED : WebhookMetrics.Outcome.DUPLICATE);
                    log.debug("webhook accepted event={} account={} meeting={} outcome={}",
                            event, accountId, parsed.meetingUuid(), outcome);
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("status", outcome.name().toLowerCase(java.util.Locale.ROOT)));
                })
                .onErrorResume(WebhookUnavailableException.class, e -> unavailable(event, e))
                .onErrorResume(BadWebhookException.class, e -> badRequest(event, e.getMessage()));
    }

    /** QSS QoS: answered 200 after the samples are committed, like meeting events. */
    private Mono<ServerResponse> qss(String event, String accountId, JsonNode root) {
        return events.qss(accountId, root, EventSource.WEBHOOK)
                .flatMap(outcome -> {
                    events.count(EventSource.WEBHOOK, event, outcome);
                    metrics.count(event, outcome == ZoomEventSink.Outcome.STORED
                            ? WebhookMetrics.Outcome.STORED : WebhookMetrics.Outcome.DUPLICATE);
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("status", outcome.name().toLowerCase(java.util.Locale.ROOT)));
                })
                .onErrorResume(QssUnreadableException.class, e -> {
                    events.count(EventSource.WEBHOOK, event, ZoomEventSink.Outcome.UNREADABLE);
                    return badRequest(event, e.getMessage());
                })
                .onErrorResume(QssOverloadedException.class,
                        e -> unavailable(event, new WebhookUnavailableException(e.getMessage(), true, e)));
    }

    private Mono<ServerResponse> urlValidation(JsonNode root, String timestamp, byte[] body, String signature) {
        // The CRC body names no account: the secret that verifies the signature is the one to answer with.
        Optional<ZoomProperties.Account> account = signedByAnyAccount(timestamp, body, signature);
        if (account.isEmpty()) {
            return unauthorized(URL_VALIDATION, "signature does not verify");
        }
        String plainToken;
        try {
            plainToken = WebhookParser.plainToken(root);
        } catch (BadWebhookException e) {
            return badRequest(URL_VALIDATION, e.getMessage());
        }
        metrics.count(URL_VALIDATION, WebhookMetrics.Outcome.VALIDATED);
        log.info("webhook url validation answered account={}", account.get().id());
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of(
                "plainToken", plainToken,
                "encryptedToken", WebhookSignature.encryptToken(account.get().webhookSecret(), plainToken)));
    }

    private Optional<ZoomProperties.Account> signedByAnyAccount(String timestamp, byte[] body, String signature) {
        return accounts.all().stream()
                .filter(a -> WebhookSignature.verify(a.webhookSecret(), timestamp, body, signature))
                .findFirst();
    }

    /** Null when fresh, else why not. Zoom's timestamp is in seconds since the epoch. */
    private String freshness(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return WebhookSignature.TIMESTAMP_HEADER + " is not a number of seconds";
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        return skew > tolerance.toSeconds()
                ? WebhookSignature.TIMESTAMP_HEADER + " is " + skew + " s away from now (tolerance " + tolerance.toSeconds() + " s)"
                : null;
    }

    private Mono<ServerResponse> unauthorized(String event, String detail) {
        metrics.count(event, WebhookMetrics.Outcome.REJECTED_SIGNATURE);
        log.warn("webhook rejected reason=signature event={} detail=\"{}\"", safe(event), detail);
        return problem(HttpStatus.UNAUTHORIZED, "signature", "Signature rejected", detail);
    }

    private Mono<ServerResponse> badRequest(String event, String detail) {
        metrics.count(event, WebhookMetrics.Outcome.BAD_REQUEST);
        log.warn("webhook rejected reason=bad_request event={} detail=\"{}\"", safe(event), detail);
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Malformed webhook", detail);
    }

    private Mono<ServerResponse> tooLarge() {
        metrics.count(null, WebhookMetrics.Outcome.TOO_LARGE);
        log.warn("webhook rejected reason=too_large limit={}", maxBodyBytes);
        return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Body too large",
                "webhook bodies are limited to " + maxBodyBytes + " bytes");
    }

    private Mono<ServerResponse> unavailable(String event, WebhookUnavailableException e) {
        metrics.count(event, e.overloaded() ? WebhookMetrics.Outcome.OVERLOADED : WebhookMetrics.Outcome.UNAVAILABLE);
        ProblemDetail problem = problemDetail(HttpStatus.SERVICE_UNAVAILABLE, e.overloaded() ? "overloaded" : "unavailable",
                "Not stored, retry later", e.getMessage());
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem);
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String type, String title, String detail) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problemDetail(status, type, title, detail));
    }

    private static ProblemDetail problemDetail(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(PROBLEM_BASE.resolve(type));
        problem.setTitle(title);
        problem.setInstance(URI.create("/webhooks/zoom"));
        return problem;
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Caller-supplied text goes into logs only when short and plain. */
    private static String safe(String s) {
        if (s == null) {
            return "-";
        }
        String t = s.length() > 64 ? s.substring(0, 64) : s;
        return t.replaceAll("[^A-Za-z0-9._:-]", "?");
    }
}
