package io.zoomqos.collector.zoom;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One element of Dashboard List meetings {@code type=past} (docs/zoom-api.md 1.5): a meeting Zoom says
 * has ended.
 *
 * @param uuid the instance UUID (our key)
 * @param meetingId the numeric meeting ID, 0 when unreadable
 * @param topic may be null
 * @param startTime when it started, as Zoom says; may be null
 * @param endTime when it ended, as Zoom says; may be null
 */
public record PastMeeting(String uuid, long meetingId, @Nullable String topic, @Nullable Instant startTime,
                          @Nullable Instant endTime) {
}
