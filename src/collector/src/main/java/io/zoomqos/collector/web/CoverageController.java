package io.zoomqos.collector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zoomqos.collector.store.CoverageRepository;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/coverage}: what one UTC day collected, what not, and why. */
@RestController
@Tag(name = "meetings")
class CoverageController {

    private final CoverageRepository coverage;
    private final Clock clock;

    CoverageController(CoverageRepository coverage, ObjectProvider<Clock> clock) {
        this.coverage = coverage;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @GetMapping(path = "/api/v1/coverage", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Meetings of a UTC day fully, partially or not collected (with reasons) and the calls spent by kind")
    Mono<CoverageRepository.Coverage> coverage(
            @Parameter(description = "UTC day, YYYY-MM-DD; default today") @RequestParam(required = false) @Nullable String date,
            @Parameter(description = "one account; default all") @RequestParam(required = false) @Nullable String account) {
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return Mono.error(ApiProblems.problem(HttpStatus.BAD_REQUEST, "Bad date",
                    "date must be a UTC day as YYYY-MM-DD, e.g. 2026-12-01"));
        }
        return coverage.of(day, account == null || account.isBlank() ? null : account);
    }
}
