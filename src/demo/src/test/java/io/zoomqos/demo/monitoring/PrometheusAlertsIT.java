package io.zoomqos.demo.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.demo.DemoEndToEndTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mixin against a real Prometheus (Debian's /usr/bin/prometheus) scraping the demo (collector
 * + simulator + embedded PostgreSQL) on its management port: the simulator's per-second limit is
 * set below the collector's budget, so Zoom answers 429s, and {@code ZoomQosZoomRateLimited} must
 * be seen firing through Prometheus's {@code /api/v1/alerts}; every query of the Grafana dashboard,
 * with its template variables substituted, must return data.
 *
 * <p>The rule files are loaded as they are, except that {@code for:} durations are shortened to
 * 0s so the test does not wait minutes (the promtool unit tests cover {@code for:}). Prometheus
 * scrapes and evaluates every second.
 */
@DirtiesContext // a demo overloaded with 429s is no context for other tests to reuse, nor to leave running
@DemoEndToEndTest(properties = {
        "management.server.port=0",
        // Zoom (the simulator) admits 2 Heavy calls/s while the collector's budget allows 14.4/s.
        "qos.simulator.per-second-limit=2",
        "qos.simulator.time-scale=60",
        // 10 meetings polled every real second: 10 calls/s asked of a Zoom that admits 2.
        "qos.simulator.meetings=10",
        "qos.simulator.start-window=1m",
        "qos.poll.interval=1m"})
class PrometheusAlertsIT {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String JOB = "zoom-qos-collector";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Dashboard queries that only have data during an incident this test does not provoke (a
     * meeting given up, an SSE subscriber dropped for lagging); they must still be valid PromQL.
     */
    private static final Set<String> INCIDENT_ONLY = Set.of("qos_meetings_given_up_total", "qos_sse_lagged_total");

    @TempDir
    static Path work;

    private static Path prometheusBinary;
    private static Process prometheus;
    private static int prometheusPort;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int port;

    @BeforeAll
    static void binary() {
        prometheusBinary = MonitoringTools.binary("prometheus");
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void zoom429sFireTheirAlertAndEveryDashboardQueryReturnsData() throws Exception {
        startPrometheus();
        // One forged webhook: the "rejected" panel has a series to show.
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/zoom"))
                .header("Content-Type", "application/json").header("x-zm-signature", "v0=00")
                .header("x-zm-request-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"meeting.started\",\"payload\":{}}")).build(),
                HttpResponse.BodyHandlers.discarding());

        await("target scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !query("up{job=\"" + JOB + "\"} == 1").isEmpty());

        await("ZoomQosZoomRateLimited firing").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> firing().contains("ZoomQosZoomRateLimited"));

        Map<String, String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(20);
        Map<String, String> empty = new LinkedHashMap<>();
        await("every dashboard query returns data").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    empty.clear();
                    for (Map.Entry<String, String> q : queries.entrySet()) {
                        List<JsonNode> result = query(q.getValue()); // fails on invalid PromQL
                        if (result.isEmpty() && INCIDENT_ONLY.stream().noneMatch(q.getValue()::contains)) {
                            empty.put(q.getKey(), q.getValue());
                        }
                    }
                    return empty.isEmpty();
                });
        assertThat(empty).as("dashboard queries without data").isEmpty();
    }

    private void startPrometheus() throws IOException {
        Path mixin = MonitoringTools.mixin();
        List<String> ruleFiles = new ArrayList<>();
        for (String file : PromtoolRulesIT.ruleFiles(mixin)) {
            Path copy = work.resolve(Path.of(file).getFileName());
            Files.writeString(copy, Files.readString(Path.of(file)).replaceAll("(?m)^(\\s+for: )\\S+$", "$10s"));
            ruleFiles.add(copy.toString());
        }
        Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [%s]
                scrape_configs:
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(String.join(", ", ruleFiles.stream().map(f -> "'" + f + "'").toList()), JOB, managementPort));
        prometheusPort = freePort();
        prometheus = new ProcessBuilder(prometheusBinary.toString(),
                "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(api("/-/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** Every target of every panel, template variables substituted as Grafana would. */
    private static Map<String, String> dashboardQueries() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(
                MonitoringTools.mixin().resolve("dashboards/zoom-qos-collector.json")));
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            JsonNode targets = panel.get("targets");
            if (targets == null) {
                continue;
            }
            for (JsonNode target : targets) {
                queries.put(panel.get("title").asString() + " / " + target.get("refId").asString(), target.get("expr").asString()
                        .replace("$job", JOB)
                        .replace("$__rate_interval", "30s")
                        .replace("$__range", "5m"));
            }
        }
        return queries;
    }

    private static List<String> firing() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode alert : get("/api/v1/alerts").get("data").get("alerts")) {
            if ("firing".equals(alert.get("state").asString())) {
                names.add(alert.get("labels").get("alertname").asString());
            }
        }
        return names;
    }

    private static List<JsonNode> query(String promql) throws Exception {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(body.get("status").asString()).as("%s: %s", promql, body).isEqualTo("success");
        List<JsonNode> result = new ArrayList<>();
        body.get("data").get("result").forEach(result::add);
        return result;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + prometheusPort + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
