package io.zoomqos.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The naming rules of {@link MetricNamingIT} reject what they should (a rule that accepts all proves nothing). */
class MetricNamingRulesTest {

    @Test
    void acceptsConventionalNames() {
        assertThat(MetricNamingIT.problems("qos_zoom_requests_total", "counter", List.of(1.0))).isEmpty();
        assertThat(MetricNamingIT.problems("qos_poll_lag_seconds", "summary", List.of(0.2))).isEmpty();
        assertThat(MetricNamingIT.problems("qos_poll_overdue_oldest_seconds", "gauge", List.of(0.0))).isEmpty();
        assertThat(MetricNamingIT.problems("qos_budget_used_ratio", "gauge", List.of(0.4))).isEmpty();
    }

    @Test
    void rejectsCountersWithoutTotalAndGaugesWithIt() {
        assertThat(MetricNamingIT.problems("qos_zoom_requests", "counter", List.of())).hasSize(1);
        assertThat(MetricNamingIT.problems("qos_meetings_total", "gauge", List.of())).hasSize(1);
    }

    @Test
    void rejectsTimesOutsideSecondsAndPercentages() {
        assertThat(MetricNamingIT.problems("qos_poll_lag_ms", "gauge", List.of())).isNotEmpty();
        assertThat(MetricNamingIT.problems("qos_request_duration", "summary", List.of())).isNotEmpty();
        assertThat(MetricNamingIT.problems("qos_budget_used_percent", "gauge", List.of())).isNotEmpty();
        assertThat(MetricNamingIT.problems("qos_budget_used_ratio", "gauge", List.of(42.0))).isNotEmpty();
        assertThat(MetricNamingIT.problems("qos_Budget", "gauge", List.of())).isNotEmpty();
    }
}
