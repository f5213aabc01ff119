package io.zoomqos.collector.events.reconcile;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which end times one past reconciliation lists: from where the last successful run stopped (less
 * {@code overlap}, since Zoom indexes an ended meeting with some delay) up to now; the first run
 * of an account looks back {@code lookBack}; one run covers at most {@code maxWindow}, the next run
 * continues where it stopped. Pure: all times are Zoom's.
 *
 * @param lookBack how far back the first run of an account looks
 * @param overlap how far before the watermark each run starts again
 * @param maxWindow the longest window one run lists (Zoom allows a month at most)
 */
record PastWindow(Duration lookBack, Duration overlap, Duration maxWindow) {

    /** Zoom lists past meetings of the last six months only. */
    static final Duration ZOOM_HISTORY = Duration.ofDays(180);

    /** The end times to list: {@code [from, to]}; {@code to} becomes the watermark once they are all handled. */
    record Range(Instant from, Instant to) {
    }

    Range next(@Nullable Instant covered, Instant now) {
        Instant from = covered == null ? now.minus(lookBack) : covered.minus(overlap);
        Instant oldest = now.minus(ZOOM_HISTORY);
        if (from.isBefore(oldest)) {
            from = oldest;
        }
        if (!from.isBefore(now)) {
            // Our watermark lies ahead of Zoom's clock (a clock stepped back): re-read the overlap only.
            from = now.minus(overlap);
        }
        Instant to = from.plus(maxWindow).isBefore(now) ? from.plus(maxWindow) : now;
        return new Range(from, to);
    }
}
