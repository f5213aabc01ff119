package io.zoomqos.collector.store;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/quality-thresholds}: when a minute counts as poor, so that clients (the live
 * page) highlight exactly the minutes the summaries count, without a copy of the numbers.
 */
@RestController
class QualityThresholdsController {

    private final QualityProperties quality;

    QualityThresholdsController(QualityProperties quality) {
        this.quality = quality;
    }

    @GetMapping("/api/v1/quality-thresholds")
    QualityProperties thresholds() {
        return quality;
    }
}
