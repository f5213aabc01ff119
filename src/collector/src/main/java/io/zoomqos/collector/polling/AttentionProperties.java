package io.zoomqos.collector.polling;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the planner learns who looks at what.
 *
 * @param refresh how often watched and pinned meetings are re-read (and this replica's watchers
 *     published), the planners re-ordered and live states recorded; real time, not scaled
 * @param watchTtl a replica's watcher rows count this long after its last publish
 */
@Validated
@ConfigurationProperties("qos.poll.attention")
public record AttentionProperties(@NotNull @DefaultValue("5s") Duration refresh,
                                  @NotNull @DefaultValue("30s") Duration watchTtl) {

    public AttentionProperties {
        if (refresh.isZero() || refresh.isNegative() || watchTtl.compareTo(refresh) <= 0) {
            throw new IllegalArgumentException("qos.poll.attention: refresh must be positive and watch-ttl longer than it");
        }
    }
}
