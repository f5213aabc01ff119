package io.zoomqos.collector.events.qss;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.zoomqos.collector.qos.ParticipantInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What this replica committed lately for QSS, so that a batch leaves out rows it would only
 * rewrite. Zoom sends a participant's QSS event four to six times a minute with the same meeting
 * and participant details: without this, every batch rewrote (and row-locked) rows that could not
 * change. Bounded in size and remembered for {@code rememberFor} only, so a row removed since
 * (retention, a reset) is written again soon; skipping is safe because both upserts are
 * idempotent: the same meeting minute or participant details again change nothing.
 */
final class CommittedRows {

    /** Long enough to cover a meeting's next minutes, short enough that a removed row comes back soon. */
    static final Duration REMEMBER_FOR = Duration.ofMinutes(10);

    /** Meeting uuid to the newest {@code qss_last_at} committed for it. */
    private final Cache<String, Instant> meetings;
    /** Meeting uuid and participant key to the details committed for them. */
    private final Cache<List<String>, ParticipantInfo> participants;

    CommittedRows(int maxParticipants, Duration rememberFor, Ticker ticker) {
        this.meetings = Caffeine.newBuilder().maximumSize(Math.max(1, maxParticipants / 4))
                .expireAfterWrite(rememberFor).ticker(ticker).build();
        this.participants = Caffeine.newBuilder().maximumSize(maxParticipants)
                .expireAfterWrite(rememberFor).ticker(ticker).build();
    }

    /** True when the meeting was committed with a {@code qss_last_at} at least as new as {@code lastMinute}. */
    boolean meetingCurrent(String meetingUuid, @Nullable Instant lastMinute) {
        Instant written = meetings.getIfPresent(meetingUuid);
        return written != null && (lastMinute == null || !lastMinute.isAfter(written));
    }

    /** True when every one of {@code details} is what was committed for that participant. */
    boolean participantCurrent(List<String> meetingAndKey, List<ParticipantInfo> details) {
        ParticipantInfo known = participants.getIfPresent(meetingAndKey);
        return known != null && details.stream().allMatch(known::equals);
    }

    void meetingCommitted(String meetingUuid, @Nullable Instant lastMinute) {
        if (lastMinute != null) {
            meetings.asMap().merge(meetingUuid, lastMinute, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Details that differed within one batch were merged by the database: not known here. */
    void participantsCommitted(Map<List<String>, List<ParticipantInfo>> byKey) {
        byKey.forEach((key, details) -> {
            if (details.stream().distinct().count() == 1) {
                participants.put(key, details.get(0));
            } else {
                participants.invalidate(key);
            }
        });
    }
}
