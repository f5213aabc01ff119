package io.zoomqos.collector.zoom;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One element of Dashboard List meetings {@code type=live} (docs/zoom-api.md 1.5): a meeting Zoom says
 * is in progress now.
 *
 * @param uuid the instance UUID (our key)
 * @param meetingId the numeric meeting ID, 0 when unreadable
 * @param topic may be null
 * @param startTime when it started, as Zoom says; may be null
 * @param participants Zoom's current participant count, 0 when absent
 */
public record LiveMeeting(String uuid, long meetingId, @Nullable String topic, @Nullable Instant startTime,
                          int participants) {
}
