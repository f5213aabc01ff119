package io.zoomqos.collector.web;

import io.zoomqos.collector.polling.PollingService;
import io.zoomqos.collector.store.PinRepository;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
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
 * Live attention over HTTP, thin on purpose:
 * <ul>
 *   <li>{@code PUT /api/v1/meetings/{uuid}/pin} pins a known meeting (200, idempotent; 404 if unknown);</li>
 *   <li>{@code DELETE /api/v1/meetings/{uuid}/pin} removes the pin (204 whether or not there was one);</li>
 *   <li>{@code GET /api/v1/budget/forecast}: per account this replica drives, the sweep forecast,
 *       the reserve, the live share and how many meetings can be watched at the interval.</li>
 * </ul>
 * Pins are rows in PostgreSQL, so every replica's planner sees them at its next attention refresh.
 */
@Configuration(proxyBeanMethods = false)
class AttentionRoutes {

    @Bean
    RouterFunction<ServerResponse> attentionRouter(PinRepository pins, PollingService polling) {
        return RouterFunctions.route()
                .PUT("/api/v1/meetings/{uuid}/pin", request -> pin(pins, request))
                .DELETE("/api/v1/meetings/{uuid}/pin", request -> pins.unpin(request.pathVariable("uuid"))
                        .then(ServerResponse.noContent().build()))
                .GET("/api/v1/budget/forecast", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(polling.forecasts()))
                .build();
    }

    private static Mono<ServerResponse> pin(PinRepository pins, ServerRequest request) {
        String uuid = request.pathVariable("uuid");
        return request.principal().map(Principal::getName).map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(by -> pins.pin(uuid, by.orElse(null)))
                .flatMap(pinned -> pinned
                        ? ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("uuid", uuid, "pinned", true))
                        : problem(HttpStatus.NOT_FOUND, "Meeting not found", "no meeting with uuid " + uuid, request));
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String title, String detail, ServerRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.uri().getRawPath()));
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
    }
}
