package io.zoomqos.collector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zoomqos.collector.ratelimit.BudgetView;
import io.zoomqos.collector.ratelimit.PacedAccountBudgets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/budget[/{accountId}]?interval=5m&pages=1}: each account's budget and how
 * many meetings it can poll at that interval. Read-only and in-memory, so plain return values.
 */
@RestController
@RequestMapping(path = "/api/v1/budget", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "operations")
class BudgetController {

    private final PacedAccountBudgets budgets;
    private final Duration defaultInterval;

    BudgetController(PacedAccountBudgets budgets, @Value("${qos.poll.interval:5m}") String defaultInterval) {
        this.budgets = budgets;
        this.defaultInterval = DurationStyle.detectAndParse(defaultInterval);
    }

    @GetMapping
    @Operation(summary = "Every account's budget and polling capacity")
    List<BudgetView> all(
            @Parameter(description = "poll interval to size the capacity for, e.g. 30s or 5m; default qos.poll.interval")
            @RequestParam(required = false) @Nullable String interval,
            @Parameter(description = "Heavy calls per meeting per poll, at least 1 (default)")
            @RequestParam(required = false) @Nullable String pages) {
        return budgets.views(interval(interval), pages(pages));
    }

    @GetMapping("/{accountId}")
    @Operation(summary = "One account's budget and polling capacity")
    BudgetView one(@PathVariable String accountId,
                   @RequestParam(required = false) @Nullable String interval,
                   @RequestParam(required = false) @Nullable String pages) {
        Duration at = interval(interval);
        int perMeeting = pages(pages);
        return budgets.view(accountId, at, perMeeting)
                .orElseThrow(() -> ApiProblems.problem(HttpStatus.NOT_FOUND, "Unknown account",
                        "no budget for account " + accountId + ": it is not configured"));
    }

    private Duration interval(@Nullable String raw) {
        if (raw == null) {
            return defaultInterval;
        }
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(raw.trim());
        } catch (RuntimeException e) {
            throw ApiProblems.problem(HttpStatus.BAD_REQUEST, "Bad interval", "interval must be a duration such as 30s or 5m, got: " + raw);
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw ApiProblems.problem(HttpStatus.BAD_REQUEST, "Bad interval", "interval must be positive, got: " + raw);
        }
        return parsed;
    }

    private static int pages(@Nullable String raw) {
        if (raw == null) {
            return 1;
        }
        try {
            int pages = Integer.parseInt(raw.trim());
            if (pages >= 1) {
                return pages;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblems.problem(HttpStatus.BAD_REQUEST, "Bad pages", "pages must be a whole number of at least 1, got: " + raw);
    }
}
