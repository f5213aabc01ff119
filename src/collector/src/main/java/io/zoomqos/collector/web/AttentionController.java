package io.zoomqos.collector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.zoomqos.collector.polling.PollingService;
import io.zoomqos.collector.polling.SweepForecast;
import io.zoomqos.collector.store.PinRepository;
import java.security.Principal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where live polls go first: pins (admin, effective across replicas through PostgreSQL) and the
 * sweep forecast that decides what live polls may spend.
 */
@RestController
@Tag(name = "operations")
class AttentionController {

    private final PinRepository pins;
    private final PollingService polling;

    AttentionController(PinRepository pins, PollingService polling) {
        this.pins = pins;
        this.polling = polling;
    }

    @PutMapping(path = "/api/v1/meetings/{uuid}/pin", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Pin a meeting: it keeps its live poll interval while others stretch (qos.admin)")
    Mono<Map<String, Object>> pin(@PathVariable String uuid, ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Principal::getName).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(by -> pins.pin(uuid, by.orElse(null)))
                .flatMap(pinned -> pinned ? Mono.just(Map.<String, Object>of("uuid", uuid, "pinned", true))
                        : Mono.error(ApiProblems.problem(HttpStatus.NOT_FOUND, "Meeting not found", "no meeting with uuid " + uuid)));
    }

    @DeleteMapping("/api/v1/meetings/{uuid}/pin")
    @Operation(summary = "Unpin a meeting (qos.admin)")
    Mono<ResponseEntity<Void>> unpin(@PathVariable String uuid) {
        return pins.unpin(uuid).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping(path = "/api/v1/budget/forecast", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Per account: the sweeps forecast until midnight, the reserve, the live share and how many meetings can be watched")
    Collection<SweepForecast> forecast() {
        return polling.forecasts();
    }
}
