package io.zoomqos.collector.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.ratelimit.RateLimitSignal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

class ZoomResponseClassifierTest {

    private static final Instant NOW = Instant.parse("2025-03-10T14:00:00Z");
    private static final String DAILY_BODY = "{\"code\":429,\"message\":\"You have reached the maximum daily rate limit "
            + "for this API. Refer to the response header for details on when you can make another request.\"}";

    private final ZoomResponseClassifier classifier = new ZoomResponseClassifier(JsonMapper.builder().build());

    private static ZoomResponse response(int status, String body, Map<String, String> headers) {
        HttpHeaders h = new HttpHeaders();
        headers.forEach(h::add);
        return new ZoomResponse(status, h, body);
    }

    private ZoomApiException error(int status, String body, Map<String, String> headers) {
        return classifier.error("participants_qos", response(status, body, headers), NOW);
    }

    @Test
    void successIsNoError() {
        assertThat(error(200, "{}", Map.of())).isNull();
        assertThat(error(204, "", Map.of())).isNull();
    }

    @Test
    void maps404WithCode3001ToMeetingNotFound() {
        ZoomApiException e = error(404, "{\"code\":3001,\"message\":\"Meeting does not exist: 123.\"}", Map.of());

        assertThat(e).isInstanceOf(MeetingNotFoundException.class);
        assertThat(e.zoomCode()).isEqualTo(3001);
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.retryable()).isFalse();
        assertThat(e.outcome()).isEqualTo("not_found");
        assertThat(e.getMessage()).contains("participants_qos", "404", "3001", "Meeting does not exist");
    }

    @Test
    void maps400WithCode12702ToTooOld() {
        assertThat(error(400, "{\"code\":12702,\"message\":\"Can not access a meeting a year ago.\"}", Map.of()))
                .isInstanceOf(MeetingTooOldException.class);
    }

    @Test
    void mapsCode300AndTokenMessagesToPageTokenExpired() {
        assertThat(error(400, "{\"code\":300,\"message\":\"The next page token is either invalid or expired.\"}",
                Map.of())).isInstanceOf(PageTokenExpiredException.class);
        assertThat(error(400, "{\"code\":300,\"message\":\"x\"}", Map.of())).isInstanceOf(PageTokenExpiredException.class);
        assertThat(error(400, "{\"code\":124,\"message\":\"Invalid next page token.\"}", Map.of()))
                .isInstanceOf(PageTokenExpiredException.class);
    }

    @Test
    void maps401ToUnauthorized() {
        assertThat(error(401, "{\"code\":124,\"message\":\"Invalid access token.\"}", Map.of()))
                .isInstanceOf(ZoomUnauthorizedException.class);
    }

    @Test
    void mapsOther4xxToRejectedAnd5xxToRetryableServerError() {
        assertThat(error(403, "{\"code\":4711,\"message\":\"Invalid access token, does not contain scopes.\"}",
                Map.of())).isInstanceOf(ZoomRejectedException.class).matches(e -> !e.retryable());
        ZoomApiException e = error(502, "<html>bad gateway</html>", Map.of());
        assertThat(e).isInstanceOf(ZoomServerException.class);
        assertThat(e.retryable()).isTrue();
        assertThat(e.zoomCode()).isNull();
    }

    @Test
    void per429WithoutHeadersTheBodyDecides() {
        RateLimitedException perSecond = (RateLimitedException) error(429, Fixtures.zoom("error.429.per-second.json"),
                Map.of());
        RateLimitedException daily = (RateLimitedException) error(429, DAILY_BODY, Map.of());

        assertThat(perSecond.limit()).isEqualTo(RateLimitedException.Limit.PER_SECOND);
        assertThat(perSecond.retryAfter()).isNull();
        assertThat(perSecond.zoomCode()).isEqualTo(429);
        assertThat(perSecond.outcome()).isEqualTo("rate_limited_per_second");
        assertThat(perSecond.retryable()).isFalse();
        assertThat(daily.limit()).isEqualTo(RateLimitedException.Limit.DAILY);
        assertThat(daily.outcome()).isEqualTo("rate_limited_daily");
    }

    @Test
    void per429TheTypeHeaderWinsOverTheBody() {
        RateLimitedException qps = (RateLimitedException) error(429, DAILY_BODY, Map.of("X-RateLimit-Type", "QPS"));
        RateLimitedException daily = (RateLimitedException) error(429, Fixtures.zoom("error.429.per-second.json"),
                Map.of("X-RateLimit-Type", "Daily-limit", "Retry-After", "2025-03-11T00:00:00Z"));

        assertThat(qps.limit()).isEqualTo(RateLimitedException.Limit.PER_SECOND);
        assertThat(daily.limit()).isEqualTo(RateLimitedException.Limit.DAILY);
        assertThat(daily.retryAfter()).isEqualTo(Instant.parse("2025-03-11T00:00:00Z"));
    }

    @Test
    void unexplained429CountsAsPerSecond() {
        assertThat(((RateLimitedException) error(429, "", Map.of())).limit())
                .isEqualTo(RateLimitedException.Limit.PER_SECOND);
    }

    @Test
    void readsRetryAfterAsInstantSecondsOrHttpDate() {
        assertThat(ZoomResponseClassifier.retryAfter("2020-05-31T00:00:00Z", NOW))
                .isEqualTo(Instant.parse("2020-05-31T00:00:00Z"));
        assertThat(ZoomResponseClassifier.retryAfter(" 2 ", NOW)).isEqualTo(NOW.plusSeconds(2));
        assertThat(ZoomResponseClassifier.retryAfter("Tue, 11 Mar 2025 00:00:00 GMT", NOW))
                .isEqualTo(Instant.parse("2025-03-11T00:00:00Z"));
        assertThat(ZoomResponseClassifier.retryAfter("soon", NOW)).isNull();
        assertThat(ZoomResponseClassifier.retryAfter("", NOW)).isNull();
        assertThat(ZoomResponseClassifier.retryAfter(null, NOW)).isNull();
    }

    @Test
    void everyResponseBecomesASignalForTheBudget() {
        assertThat(classifier.signal(response(200, "{}", Map.of("X-RateLimit-Remaining", "59000")), NOW))
                .isEqualTo(RateLimitSignal.answered(59000L, NOW));
        assertThat(classifier.signal(response(200, "{}", Map.of()), NOW)).isEqualTo(RateLimitSignal.answered(null, NOW));
        assertThat(classifier.signal(response(404, "{}", Map.of("X-RateLimit-Remaining", "x")), NOW))
                .isEqualTo(RateLimitSignal.answered(null, NOW));
        assertThat(classifier.signal(response(429, Fixtures.zoom("error.429.per-second.json"), Map.of()), NOW))
                .isEqualTo(new RateLimitSignal(RateLimitSignal.Kind.PER_SECOND_EXCEEDED, null, null, NOW));
        assertThat(classifier.signal(response(429, DAILY_BODY, Map.of("X-RateLimit-Type", "Daily-limit",
                        "Retry-After", "2025-03-11T00:00:00Z", "X-RateLimit-Remaining", "0")), NOW))
                .isEqualTo(new RateLimitSignal(RateLimitSignal.Kind.DAILY_EXCEEDED,
                        Instant.parse("2025-03-11T00:00:00Z"), 0L, NOW));
    }

    @Test
    void rejectsBodiesThatAreNotJsonObjects() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> classifier.body("participants_qos", response(200, "<html/>", Map.of()))))
                .isInstanceOf(ZoomBadResponseException.class);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> classifier.body("participants_qos", response(200, "[1]", Map.of()))))
                .isInstanceOf(ZoomBadResponseException.class);
    }
}
