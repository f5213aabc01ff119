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

    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
