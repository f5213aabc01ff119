package io.zoomqos.collector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zoomqos.collector.polling.PlannerSnapshot;
import io.zoomqos.collector.polling.PollingService;
import java.util.Collection;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/polling}: each account this replica drives, with its live and sweeping
 * meetings, polls in flight, and how many are overdue and by how much: the shortfall when demand
 * exceeds the budget, next to {@code /api/v1/budget}.
 */
@RestController
@Tag(name = "operations", description = "Budget and polling of the accounts (scope qos.admin)")
class PollingController {

    private final PollingService polling;

    PollingController(PollingService polling) {
        this.polling = polling;
    }

    @GetMapping(path = "/api/v1/polling", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Polling state of the accounts this replica drives")
    Collection<PlannerSnapshot> planners() {
        return polling.snapshots();
    }
}
