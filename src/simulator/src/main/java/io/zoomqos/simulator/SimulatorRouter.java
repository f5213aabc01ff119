package io.zoomqos.simulator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Puts a {@link SimulatedZoom} on HTTP under a prefix ({@code /simulator}): {@code POST
 * {prefix}/oauth/token}, {@code GET {prefix}/v2/**} (Zoom's REST API), and a small JSON admin API
 * {@code GET {prefix}/admin/summary|meetings|requests}. All logic lives in the core.
 */
public final class SimulatorRouter {

    public static final String DEFAULT_PREFIX = "/simulator";

    private final SimulatedZoom zoom;
    private final String prefix;
    private final Supplier<WebhookDriver> webhooks;

    public SimulatorRouter(SimulatedZoom zoom, String prefix, Supplier<WebhookDriver> webhooks) {
        this.zoom = zoom;
        this.prefix = prefix;
        this.webhooks = webhooks;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(prefix + "/oauth/token", this::token)
                .GET(prefix + "/v2/**", this::api)
                .GET(prefix + "/admin/summary", r -> ok(summary()))
                .GET(prefix + "/admin/meetings", r -> ok(meetings()))
                .GET(prefix + "/admin/requests", this::requests)
                .build();
    }

    private Mono<ServerResponse> token(ServerRequest request) {
        Map<String, String> params = new HashMap<>(request.queryParams().toSingleValueMap());
        boolean form = request.headers().contentType()
                .map(MediaType.APPLICATION_FORM_URLENCODED::isCompatibleWith).orElse(false);
        Mono<Map<String, String>> all = form
                ? request.formData().map(f -> {
                    f.toSingleValueMap().forEach(params::putIfAbsent);
                    return params;
                })
                : Mono.just(params);
        return all.flatMap(p -> respond(zoom.handle(new SimRequest("POST", "/oauth/token", p,
                request.headers().firstHeader(HttpHeaders.AUTHORIZATION)))));
    }

    private Mono<ServerResponse> api(ServerRequest request) {
        // The raw (still encoded) path: a double-encoded meeting UUID must reach the core intact.
        String raw = request.requestPath().pathWithinApplication().value();
        SimRequest sim = new SimRequest(request.method().name(), raw.substring(prefix.length()),
                request.queryParams().toSingleValueMap(), request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        return respond(zoom.handle(sim));
    }

    private static Mono<ServerResponse> respond(SimResponse r) {
        return ServerResponse.status(HttpStatus.valueOf(r.status()))
                .headers(h -> r.headers().forEach(h::set))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(r.body());
    }

    private static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Json.write(body));
    }

    Map<String, Object> summary() {
        GroundTruth truth = zoom.groundTruth();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("now", truth.now().toString());
        m.put("time_scale", zoom.clock().scale());
        m.put("meetings_started", truth.meetings().size());
        m.put("meetings_live", truth.liveMeetings().size());
        m.put("meetings_ended", truth.endedMeetings().size());
        m.put("samples", truth.sampleCount());
        RequestLog log = zoom.requestLog();
        m.put("requests_total", log.total());
        m.put("requests_dropped_from_log", log.dropped());
        Map<String, Object> accounts = new LinkedHashMap<>();
        for (SimulatedZoom.Account a : zoom.accounts()) {
            RequestLog.AccountStats s = log.stats(a.id());
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("heavy_admitted", s.heavyAdmitted());
            am.put("per_second_rejected", s.perSecondRejected());
            am.put("daily_rejected", s.dailyRejected());
            am.put("peak_attempts_per_second", s.peakAttemptsPerSecond());
            am.put("peak_admitted_per_second", s.peakAdmittedPerSecond());
            am.put("daily_remaining", zoom.dailyRemaining(a.id()));
            Map<String, Object> byStatus = new LinkedHashMap<>();
            s.byStatus().forEach((k, v) -> byStatus.put(k.toString(), v));
            am.put("by_status", byStatus);
            accounts.put(a.id(), am);
        }
        m.put("accounts", accounts);
        WebhookDriver driver = webhooks.get();
        if (driver != null) {
            WebhookDriver.Stats w = driver.stats();
            Map<String, Object> wm = new LinkedHashMap<>();
            wm.put("target", driver.target().toString());
            wm.put("delivered", w.delivered());
            wm.put("failed", w.failed());
            wm.put("attempts", w.attempts());
            wm.put("dropped", w.dropped());
            m.put("webhooks", wm);
        }
        return m;
    }

    private List<Map<String, Object>> meetings() {
        GroundTruth truth = zoom.groundTruth();
        return truth.meetings().stream().map(meeting -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account_id", meeting.accountId());
            m.put("id", meeting.meetingId());
            m.put("uuid", meeting.uuid());
            m.put("topic", meeting.topic());
            m.put("start_time", ZoomRenderer.time(meeting.start()));
            m.put("end_time", ZoomRenderer.time(meeting.end()));
            m.put("status", meeting.liveAt(truth.now()) ? "live" : "ended");
            m.put("participants", meeting.participants().size());
            m.put("degraded_participants", meeting.participants().stream().filter(SimParticipant::degraded).count());
            m.put("samples", truth.samples(meeting).size());
            return m;
        }).toList();
    }

    private Mono<ServerResponse> requests(ServerRequest request) {
        int limit = request.queryParam("limit").map(Integer::parseInt).orElse(100);
        List<Map<String, Object>> rows = zoom.requestLog().last(Math.max(0, Math.min(limit, 10_000))).stream()
                .map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("time", e.realTime().toString());
                    m.put("sim_time", e.simTime().toString());
                    m.put("method", e.method());
                    m.put("path", e.path());
                    m.put("account_id", e.accountId());
                    m.put("status", e.status());
                    m.put("limit_type", e.limitType());
                    return m;
                }).toList();
        return ok(rows);
    }
}
