package io.zoomqos.collector.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One meeting instance as stored.
 *
 * @param uuid Zoom's instance UUID (the key; may contain {@code /}, {@code +}, {@code =})
 * @param meetingId the numeric meeting ID (shared by the instances of a recurring meeting)
 * @param accountId the Zoom account
 * @param hostId may be null
 * @param topic may be null
 * @param type Zoom's meeting type (1 instant, 2 scheduled, ...), may be null
 * @param state live or ended
 * @param startTime may be null (e.g. only {@code meeting.ended} carried no start)
 * @param endTime null while live
 * @param participantCount distinct participants joined now, per join/left webhooks
 * @param updatedAt last change
 * @param liveState while live: {@code fresh}, {@code stretched} or {@code sweep-only} as the
 *     account's planner last saw it (null before its first look, and after the end)
 * @param liveReason why, in one sentence (null with {@code liveState})
 * @param attention {@code watched}, {@code pinned}, {@code poor} or {@code other} (null with {@code liveState})
 * @param pinned an admin pinned it ({@code PUT /api/v1/meetings/{uuid}/pin})
 * @param discoveredBy what made us know the meeting when no {@code meeting.started} did ({@code qss},
 *     {@code reconcile}); null when the event did
 * @param closedBy what ended the meeting when no {@code meeting.ended} did (a stop rule, or
 *     {@code reconcile-not-listed}); null when the event did or while live
 */
public record Meeting(String uuid, long meetingId, String accountId, String hostId, String topic, Integer type,
                      MeetingState state, Instant startTime, Instant endTime, int participantCount,
                      Instant updatedAt, @Nullable String liveState, @Nullable String liveReason,
                      @Nullable String attention, boolean pinned, @Nullable String discoveredBy,
                      @Nullable String closedBy) {
}
