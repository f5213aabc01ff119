package io.zoomqos.collector.events.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which end times a past reconciliation lists, from the account's watermark. */
class PastWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final PastWindow window = new PastWindow(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(6));

    @Test
    void theFirstRunOfAnAccountLooksBackABoundedTime() {
        assertThat(window.next(null, NOW)).isEqualTo(new PastWindow.Range(NOW.minus(Duration.ofHours(1)), NOW));
    }

    @Test
    void aLaterRunContinuesFromTheWatermarkLessTheOverlapForZoomsIndexingDelay() {
        Instant covered = NOW.minus(Duration.ofMinutes(10));
        assertThat(window.next(covered, NOW)).isEqualTo(new PastWindow.Range(covered.minus(Duration.ofMinutes(5)), NOW));
    }

    @Test
    void afterALongOutageEachRunListsAtMostTheMaximumWindowAndTheNextContinuesThere() {
        Instant covered = NOW.minus(Duration.ofDays(2));
        PastWindow.Range first = window.next(covered, NOW);
        assertThat(first).isEqualTo(new PastWindow.Range(covered.minus(Duration.ofMinutes(5)),
                covered.minus(Duration.ofMinutes(5)).plus(Duration.ofHours(6))));
        PastWindow.Range second = window.next(first.to(), NOW);
        assertThat(second.from()).isEqualTo(first.to().minus(Duration.ofMinutes(5)));
    }

    @Test
    void neverAsksForMoreHistoryThanZoomKeeps() {
        PastWindow.Range r = window.next(NOW.minus(Duration.ofDays(400)), NOW);
        assertThat(r.from()).isEqualTo(NOW.minus(PastWindow.ZOOM_HISTORY));
    }

    @Test
    void aWatermarkAheadOfZoomsClockRereadsOnlyTheOverlap() {
        assertThat(window.next(NOW.plus(Duration.ofHours(1)), NOW))
                .isEqualTo(new PastWindow.Range(NOW.minus(Duration.ofMinutes(5)), NOW));
    }
}
