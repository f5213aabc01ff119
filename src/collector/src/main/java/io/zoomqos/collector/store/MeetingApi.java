package io.zoomqos.collector.store;

import java.net.URI;
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
 * {@code GET /api/v1/meetings?state=live|ended&account=..&limit=..} and
 * {@code GET /api/v1/meetings/{uuid}}. A UUID with {@code /}, {@code +} or {@code =} is sent
 * URL-encoded ({@code %2F}, {@code %2B}, {@code %3D}); WebFlux matches the encoded segment and
 * decodes the variable, so {@code /Uh2n..==} arrives intact.
 */
@Configuration(proxyBeanMethods = false)
class MeetingApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Bean
    RouterFunction<ServerResponse> meetingRoutes(MeetingRepository meetings) {
        return RouterFunctions.route()
                .GET("/api/v1/meetings", request -> list(meetings, request))
                .GET("/api/v1/meetings/{uuid}", request -> one(meetings, request))
                .build();
    }

    private static Mono<ServerResponse> list(MeetingRepository meetings, ServerRequest request) {
        MeetingState state;
        int limit;
        try {
            state = request.queryParam("state").filter(s -> !s.isBlank()).map(MeetingState::parse).orElse(null);
            limit = request.queryParam("limit").map(MeetingApi::limit).orElse(DEFAULT_LIMIT);
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, "Bad query parameter", e.getMessage(), request);
        }
        String account = request.queryParam("account").filter(s -> !s.isBlank()).orElse(null);
        return meetings.find(state, account, limit).collectList()
                .flatMap(list -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(list));
    }

    private static Mono<ServerResponse> one(MeetingRepository meetings, ServerRequest request) {
        String uuid = request.pathVariable("uuid");
        return meetings.findByUuid(uuid)
                .flatMap(m -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(m))
                .switchIfEmpty(Mono.defer(() -> problem(HttpStatus.NOT_FOUND, "Meeting not found",
                        "no meeting with uuid " + uuid, request)));
    }

    private static int limit(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number between 1 and " + MAX_LIMIT + ", was '" + value + "'");
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + n);
        }
        return n;
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String title, String detail, ServerRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.uri().getRawPath()));
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
    }
}
