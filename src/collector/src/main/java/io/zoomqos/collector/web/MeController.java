package io.zoomqos.collector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/me}: who the caller is and which scopes it holds, so that the live page asks
 * only for what it may read (a refused request is a console error in the browser, and a budget
 * gauge a user may not see is better not drawn at all).
 */
@RestController
@Tag(name = "meetings")
class MeController {

    /**
     * @param name the signed-in user or the token's subject; null when every surface is open
     * @param scopes what the caller may read ({@code qos.read}, {@code qos.read.pii}, {@code qos.admin})
     */
    record Me(@Nullable String name, List<String> scopes) {
    }

    private final CallerScopes scopes;

    MeController(CallerScopes scopes) {
        this.scopes = scopes;
    }

    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The caller's name and scopes")
    Mono<Me> me(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Principal::getName).map(n -> (@Nullable String) n).defaultIfEmpty("")
                .zipWith(scopes.of(exchange), (name, granted) -> new Me(name.isEmpty() ? null : name,
                        granted.stream().sorted().toList()));
    }
}
