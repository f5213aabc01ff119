package io.zoomqos.collector.web;

import io.zoomqos.collector.store.CoverageRepository;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/coverage?date=YYYY-MM-DD[&account=]}: one UTC day's meetings collected
 * fully, partially or not at all (with reasons), and the Heavy calls spent by kind. Without
 * {@code date}: today (UTC).
 */
@Configuration(proxyBeanMethods = false)
class CoverageRoutes {

    @Bean
    RouterFunction<ServerResponse> coverageRouter(CoverageRepository coverage, ObjectProvider<Clock> clock) {
        Clock time = clock.getIfUnique(Clock::systemUTC);
        return RouterFunctions.route()
                .GET("/api/v1/coverage", request -> coverage(coverage, time, request))
                .build();
    }

    private static Mono<ServerResponse> coverage(CoverageRepository coverage, Clock clock, ServerRequest request) {
        LocalDate date;
        try {
            date = request.queryParam("date").filter(s -> !s.isBlank()).map(LocalDate::parse)
                    .orElseGet(() -> LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "date must be a UTC day as YYYY-MM-DD, e.g. 2026-12-01");
            problem.setTitle("Bad date");
            problem.setInstance(URI.create(request.uri().getRawPath()));
            return ServerResponse.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
        }
        String account = request.queryParam("account").filter(s -> !s.isBlank()).orElse(null);
        return coverage.of(date, account)
                .flatMap(c -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(c));
    }
}
