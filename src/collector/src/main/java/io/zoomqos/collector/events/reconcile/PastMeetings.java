package io.zoomqos.collector.events.reconcile;

import io.zoomqos.collector.zoom.PastMeeting;
import java.time.Instant;
import reactor.core.publisher.Flux;

/** Zoom's List meetings {@code type=past} by end time ({@code ZoomClient::pastMeetings} in production). */
@FunctionalInterface
interface PastMeetings {

    Flux<PastMeeting> endedBetween(String accountId, Instant from, Instant to);
}
