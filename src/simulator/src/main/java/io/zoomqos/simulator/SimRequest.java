package io.zoomqos.simulator;

import java.util.Map;

/**
 * A request as the simulator core sees it.
 *
 * @param method HTTP method
 * @param path path relative to the simulator root, still percent-encoded (e.g. {@code /v2/metrics/meetings/%252F.../participants/qos})
 * @param params query (and form) parameters, decoded
 * @param authorization the {@code Authorization} header, or null
 */
public record SimRequest(String method, String path, Map<String, String> params, String authorization) {

    public SimRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static SimRequest get(String path, Map<String, String> params, String authorization) {
        return new SimRequest("GET", path, params, authorization);
    }
}
