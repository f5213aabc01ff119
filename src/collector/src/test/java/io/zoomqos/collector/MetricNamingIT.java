package io.zoomqos.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zoomqos.collector.support.CollectorIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Our metrics follow Prometheus's naming conventions, which the monitoring mixin (monitoring/) and
 * every SRE's queries rely on: snake_case under {@code qos_}, counters end in {@code _total},
 * times in base units ({@code _seconds}, never ms), ratios 0..1 named {@code _ratio}, no
 * {@code percent}. The text is what {@code /actuator/prometheus} serves (the registry's scrape),
 * read after a webhook went through so lazily registered counters exist too.
 */
class MetricNamingIT extends CollectorIntegrationTest {

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");
    private static final Pattern NON_BASE_UNIT = Pattern.compile(
            "_(ms|millis|milliseconds|us|micros|microseconds|ns|nanos|nanoseconds|minutes|hours|days"
                    + "|kb|kib|mb|mib|gb|kbps|mbps|bits)(_|$)");
    private static final Pattern TIME_LIKE = Pattern.compile("_(duration|latency|lag|delay|elapsed|age|oldest)(_|$)");

    @Autowired
    PrometheusMeterRegistry prometheus;

    @Autowired
    WebTestClient web;

    @Test
    void everyQosMetricFollowsPrometheusNamingConventions() {
        // A webhook with a bad signature registers qos_webhooks_received_total (outcome rejected_signature).
        web.post().uri("/webhooks/zoom").header("x-zm-signature", "v0=00").header("x-zm-request-timestamp", "1")
                .header("Content-Type", "application/json").bodyValue("{\"event\":\"meeting.started\",\"payload\":{}}")
                .exchange();

        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (String line : prometheus.scrape().split("\n")) {
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                types.put(t.group(1), t.group(2));
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            if (s.lookingAt()) {
                values.computeIfAbsent(s.group(1), k -> new ArrayList<>()).add(Double.parseDouble(s.group(3)));
            }
        }
        Map<String, String> ours = new LinkedHashMap<>();
        types.forEach((name, type) -> {
            if (name.startsWith("qos_")) {
                ours.put(name, type);
            }
        });
        assertThat(ours).as("qos_ metric families scraped").hasSizeGreaterThan(10)
                .containsKeys("qos_budget_granted_total", "qos_webhooks_received_total", "qos_poll_lag_seconds");

        List<String> problems = new ArrayList<>();
        ours.forEach((name, type) -> problems.addAll(problems(name, type, values.getOrDefault(name, List.of()))));
        assertThat(problems).as("metrics breaking Prometheus naming conventions").isEmpty();
    }

    /** The conventions, one message per broken rule (package-visible for the rule's own checks). */
    static List<String> problems(String name, String type, List<Double> samples) {
        List<String> out = new ArrayList<>();
        if (!name.matches("[a-z][a-z0-9_]*")) {
            out.add(name + ": not snake_case");
        }
        if (type.equals("counter") != name.endsWith("_total")) {
            out.add(name + ": " + type + (type.equals("counter") ? " without" : " with") + " the _total suffix");
        }
        if (NON_BASE_UNIT.matcher(name).find()) {
            out.add(name + ": not in a base unit (seconds, bytes)");
        }
        if (TIME_LIKE.matcher(name).find() && !name.contains("_seconds")) {
            out.add(name + ": a time not in _seconds");
        }
        if (name.contains("percent") || name.contains("_pct")) {
            out.add(name + ": percentages are ratios 0..1 named _ratio");
        }
        if (name.endsWith("_ratio") && samples.stream().anyMatch(v -> v < 0 || v > 1)) {
            out.add(name + ": a ratio outside 0..1: " + samples);
        }
        return out;
    }
}
