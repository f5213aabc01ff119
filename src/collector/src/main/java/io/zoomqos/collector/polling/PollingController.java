package io.zoomqos.collector.polling;

import java.util.Collection;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/polling}: each account this replica drives, with its live and sweeping
 * meetings, polls in flight, and how many are overdue and by how much: the shortfall when demand
 * exceeds the budget, next to {@code /api/v1/budget}.
 */
@RestController
class PollingController {

    private final PollingService polling;

    PollingController(PollingService polling) {
        this.polling = polling;
    }

    @GetMapping("/api/v1/polling")
    Collection<PlannerSnapshot> planners() {
        return polling.snapshots();
    }
}
