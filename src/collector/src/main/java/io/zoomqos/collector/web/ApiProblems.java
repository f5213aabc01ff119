package io.zoomqos.collector.web;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one problem-details (RFC 9457) handler of the HTTP API: every refusal of a controller,
 * whether thrown by our code ({@link ErrorResponseException}) or by WebFlux (bad parameter, 405,
 * 406...), leaves as {@code application/problem+json} with the request path as {@code instance}.
 * The content type is set here, not negotiated, so an SSE or CSV client gets a readable problem
 * instead of a 406.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    /** A problem to throw from a controller; this class turns it into the response. */
    static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        return problem(status, title, detail, null);
    }

    static ErrorResponseException problem(HttpStatus status, String title, String detail, @Nullable URI type) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        if (type != null) {
            body.setType(type);
        }
        return new ErrorResponseException(status, body, null);
    }

    /** A 400 naming the parameter that was refused. */
    static ErrorResponseException badRequest(String parameter, String detail) {
        ErrorResponseException e = problem(HttpStatus.BAD_REQUEST, "Bad request parameter", detail);
        e.getBody().setProperty("parameter", parameter);
        return e;
    }

    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                                HttpStatusCode status, ServerWebExchange exchange) {
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        if (body instanceof ProblemDetail problem) {
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
            }
            out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return Mono.just(ResponseEntity.status(status).headers(out).body(body));
    }
}
