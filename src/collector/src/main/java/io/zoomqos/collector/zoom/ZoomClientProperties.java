package io.zoomqos.collector.zoom;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the Zoom client talks to Zoom.
 *
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout the most one HTTP request (API or token) may take, response body included
 * @param maxAttempts attempts per API request for 5xx, timeouts and connection errors (1 = no retry);
 *                    429s are never retried here (the budget pauses the account, the caller decides)
 * @param firstBackoff delay before the first retry; doubles per retry
 * @param maxBackoff cap of the retry delay
 * @param jitter fraction (0..1) of each delay randomised so that replicas do not retry in step
 * @param tokenRefreshMargin an access token is renewed this long before Zoom's {@code expires_in}
 * @param maxPageTokenRestarts how often a page walk starts again from page 1 after Zoom rejected
 *                             an expired {@code next_page_token} (tokens live 15 minutes)
 * @param maxPages safety bound of pages in one walk, against a server that never stops paging
 * @param maxResponseSize largest response body accepted (a QoS page of 10 participants with a
 *                        long per-minute history is several hundred KB)
 */
@Validated
@ConfigurationProperties("qos.zoom.client")
public record ZoomClientProperties(
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration requestTimeout,
        @Min(1) @DefaultValue("4") int maxAttempts,
        @NotNull @DefaultValue("500ms") Duration firstBackoff,
        @NotNull @DefaultValue("10s") Duration maxBackoff,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double jitter,
        @NotNull @DefaultValue("60s") Duration tokenRefreshMargin,
        @Min(0) @DefaultValue("2") int maxPageTokenRestarts,
        @Min(1) @DefaultValue("1000") int maxPages,
        @NotNull @DefaultValue("16MB") DataSize maxResponseSize) {

    /** The defaults of {@code application.yml}, for tests and hand-built clients. */
    public static ZoomClientProperties defaults() {
        return new ZoomClientProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(500),
                Duration.ofSeconds(10), 0.5, Duration.ofSeconds(60), 2, 1000, DataSize.ofMegabytes(16));
    }
}
