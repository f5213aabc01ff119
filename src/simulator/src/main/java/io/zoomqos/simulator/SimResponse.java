package io.zoomqos.simulator;

import java.util.Map;

/**
 * What the simulator answers: always JSON.
 *
 * @param status HTTP status
 * @param headers extra headers (rate-limit headers, {@code Retry-After})
 * @param body the JSON body
 */
public record SimResponse(int status, Map<String, String> headers, String body) {

    public SimResponse {
        headers = Map.copyOf(headers);
    }

    /** A 200 without extra headers. */
    static SimResponse ok(String body) {
        return new SimResponse(200, Map.of(), body);
    }

    /** Zoom's error answer: {@code {"code","message"}} with this status. */
    static SimResponse error(int status, int code, String message) {
        return new SimResponse(status, Map.of(), ZoomRenderer.error(code, message));
    }

    /** This answer with {@code extra} headers added (they win over headers of the same name). */
    SimResponse withHeaders(Map<String, String> extra) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(extra);
        return new SimResponse(status, all, body);
    }

    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
