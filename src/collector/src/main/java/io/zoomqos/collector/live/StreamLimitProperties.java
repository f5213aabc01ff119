package io.zoomqos.collector.live;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What one caller may take of the SSE feed. The connections the replays read through are
 * {@code qos.db.replay-pool-max-size}.
 *
 * @param replayConcurrency replays from PostgreSQL running at once on this instance; a resume past
 *     it is answered 503 with {@code Retry-After}
 * @param replayTimeout a replay not finished by then ends with {@code lagged} (the client resumes
 *     from there on its next connection), so a client that stops reading gives its place back
 * @param perClient open SSE connections per client (principal, else remote address); one more is
 *     answered 429 with {@code Retry-After}
 * @param retryAfter the {@code Retry-After} sent with those refusals
 */
@Validated
@ConfigurationProperties("qos.live.limits")
public record StreamLimitProperties(
        @Min(1) @DefaultValue("8") int replayConcurrency,
        @NotNull @DefaultValue("60s") Duration replayTimeout,
        @Min(1) @DefaultValue("20") int perClient,
        @NotNull @DefaultValue("5s") Duration retryAfter) {

    public StreamLimitProperties {
        if (replayTimeout != null && (replayTimeout.isZero() || replayTimeout.isNegative())) {
            throw new IllegalArgumentException("qos.live.limits.replay-timeout must be positive, was " + replayTimeout);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("qos.live.limits.retry-after must not be negative, was " + retryAfter);
        }
    }
}
