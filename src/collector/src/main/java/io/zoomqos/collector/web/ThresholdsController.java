package io.zoomqos.collector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zoomqos.collector.store.QualityProperties;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/quality-thresholds}: when a minute counts as poor, so that clients (the live
 * page) highlight exactly the minutes the summaries count, without a copy of the numbers.
 */
@RestController
@Tag(name = "meetings")
class ThresholdsController {

    private final QualityProperties quality;

    ThresholdsController(QualityProperties quality) {
        this.quality = quality;
    }

    @GetMapping(path = "/api/v1/quality-thresholds", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "When a participant-minute counts as poor")
    QualityProperties thresholds() {
        return quality;
    }
}
