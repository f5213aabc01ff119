package io.zoomqos.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small, fixed scenario and request helpers shared by the simulator's unit tests. */
final class SimFixtures {

    static final Instant START = Instant.parse("2025-03-10T14:00:00Z");
    static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";
    static final String OTHER = "SecondAccount000000000";
    static final List<SimulatedZoom.Account> ACCOUNTS = List.of(
            new SimulatedZoom.Account(ACCOUNT, "fixture-secret-token-NOT-REAL"),
            new SimulatedZoom.Account(OTHER, "second-account-secret-NOT-REAL"));
    static final JsonMapper JSON = JsonMapper.builder().build();

    private SimFixtures() {
    }

    /** Ten meetings starting over ten simulated minutes, 30-40 minutes each, real time. */
    static SimulatorProperties.Builder small() {
        return SimulatorProperties.builder()
                .seed(7)
                .startTime(START)
                .timeScale(1.0)
                .meetings(10)
                .startWindow(Duration.ofMinutes(10))
                .continuous(false)
                .duration(Duration.ofMinutes(30), Duration.ofMinutes(40))
                .pastDataDelay(Duration.ofMinutes(2));
    }

    static String token(SimulatedZoom zoom, String account) {
        String basic = "Basic " + Base64.getEncoder().encodeToString("client:secret".getBytes(StandardCharsets.UTF_8));
        SimResponse r = zoom.handle(new SimRequest("POST", "/oauth/token",
                Map.of("grant_type", "account_credentials", "account_id", account), basic));
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (r.status() != 200 || !m.find()) {
            throw new AssertionError("no token: " + r);
        }
        return "Bearer " + m.group(1);
    }

    static SimResponse get(SimulatedZoom zoom, String bearer, String path, String... params) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return zoom.handle(SimRequest.get(path, p, bearer));
    }

    static JsonNode json(SimResponse r) {
        return JSON.readTree(r.body());
    }

    /** Zoom's rule: double-encode a UUID that starts with '/' or contains '//'; here always, as many clients do. */
    static String doubleEncoded(String uuid) {
        return enc(enc(uuid));
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String qosPath(String meetingSegment) {
        return "/v2/metrics/meetings/" + meetingSegment + "/participants/qos";
    }
}
