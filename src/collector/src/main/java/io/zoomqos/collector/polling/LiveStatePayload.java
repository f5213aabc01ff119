package io.zoomqos.collector.polling;

import java.time.Instant;

/**
 * The data of a MEETING event that reports a live meeting's freshness (beside started / ended /
 * swept / given_up): {@code state} stays {@code live}, so consumers that only know the lifecycle
 * keep working.
 *
 * @param state always {@code live}
 * @param liveState {@code fresh}, {@code stretched} or {@code sweep-only}
 * @param reason why, one sentence
 * @param attention {@code watched}, {@code pinned}, {@code poor} or {@code other}
 * @param at when the planner saw it
 */
public record LiveStatePayload(String state, String liveState, String reason, String attention, Instant at) {

    static LiveStatePayload of(LiveState s, Instant at) {
        return new LiveStatePayload("live", s.state(), s.reason(), s.attention().name().toLowerCase(), at);
    }
}
