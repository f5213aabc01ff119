package io.zoomqos.collector.live;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live SSE feed.
 *
 * @param heartbeat interval of the comment heartbeat that keeps proxies from closing idle streams
 * @param bufferPerSubscriber live events held for one subscriber that is not keeping up; on
 *     overflow it gets {@code lagged} and is closed (its client resumes from the database)
 * @param subscriberLimit concurrent SSE subscribers of this instance; more get 503
 * @param replayPageSize rows per replay query
 * @param replayMax events replayed on one connection; past it the stream ends with {@code lagged}
 *     and the client continues on its next connection (bounds the memory of one resume)
 * @param reconnectDelay the SSE {@code retry:} hint sent to clients
 * @param flushInterval frames of one subscriber that arrive within this window are written with
 *     one write and flush (0 = every frame on its own); trades a few ms of latency for far fewer
 *     syscalls with many subscribers
 * @param eventRetention {@code live_event} rows older than this are deleted
 * @param retentionInterval how often the retention runs
 */
@Validated
@ConfigurationProperties("qos.live")
public record LiveProperties(
        @NotNull @DefaultValue("15s") Duration heartbeat,
        @Min(1) @DefaultValue("1000") int bufferPerSubscriber,
        @Min(1) @DefaultValue("2000") int subscriberLimit,
        @Min(1) @DefaultValue("500") int replayPageSize,
        @Min(1) @DefaultValue("100000") int replayMax,
        @NotNull @DefaultValue("2s") Duration reconnectDelay,
        @NotNull @DefaultValue("50ms") Duration flushInterval,
        @NotNull @DefaultValue("7d") Duration eventRetention,
        @NotNull @DefaultValue("1h") Duration retentionInterval) {

    public LiveProperties {
        if (heartbeat.isZero() || heartbeat.isNegative()) {
            throw new IllegalArgumentException("qos.live.heartbeat must be positive, was " + heartbeat);
        }
        if (retentionInterval.isZero() || retentionInterval.isNegative()) {
            throw new IllegalArgumentException("qos.live.retention-interval must be positive, was " + retentionInterval);
        }
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException("qos.live.flush-interval must not be negative, was " + flushInterval);
        }
        if (eventRetention.isNegative()) {
            throw new IllegalArgumentException("qos.live.event-retention must not be negative, was " + eventRetention);
        }
    }

    /** Defaults, for tests and benchmarks that build the feed by hand. */
    public static LiveProperties defaults() {
        return new LiveProperties(Duration.ofSeconds(15), 1000, 2000, 500, 100_000, Duration.ofSeconds(2),
                Duration.ofMillis(50), Duration.ofDays(7), Duration.ofHours(1));
    }
}
