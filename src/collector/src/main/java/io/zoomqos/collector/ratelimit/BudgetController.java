package io.zoomqos.collector.ratelimit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
class BudgetController {

    private final PacedAccountBudgets budgets;
    private final Duration defaultInterval;

    BudgetController(PacedAccountBudgets budgets, @Value("${qos.poll.interval:5m}") String defaultInterval) {
        this.budgets = budgets;
        this.defaultInterval = DurationStyle.detectAndParse(defaultInterval);
    }

    @GetMapping
    List<BudgetView> all(@RequestParam(required = false) String interval,
                         @RequestParam(required = false) String pages) {
        Duration at = interval(interval);
        int perMeeting = pages(pages);
        return budgets.paced().stream().map(b -> BudgetView.of(b.detail(), at, perMeeting)).toList();
    }

    @GetMapping("/{accountId}")
    BudgetView one(@PathVariable String accountId,
                   @RequestParam(required = false) String interval,
                   @RequestParam(required = false) String pages) {
        Duration at = interval(interval);
        int perMeeting = pages(pages);
        PacedAccountBudget budget = budgets.find(accountId)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown account",
                        "no budget for account " + accountId + ": it is not configured"));
        return BudgetView.of(budget.detail(), at, perMeeting);
    }

    private Duration interval(String raw) {
        if (raw == null) {
            return defaultInterval;
        }
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(raw.trim());
        } catch (RuntimeException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Bad interval", "interval must be a duration such as 30s or 5m, got: " + raw);
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw problem(HttpStatus.BAD_REQUEST, "Bad interval", "interval must be positive, got: " + raw);
        }
        return parsed;
    }

    private static int pages(String raw) {
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
        throw problem(HttpStatus.BAD_REQUEST, "Bad pages", "pages must be a whole number of at least 1, got: " + raw);
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setType(URI.create("about:blank"));
        return new ErrorResponseException(status, body, null);
    }

    /** Local, so the answer is problem+json whatever the application-wide error handling is. */
    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> onProblem(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.getBody());
    }
}
