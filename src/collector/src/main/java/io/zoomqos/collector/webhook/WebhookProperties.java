package io.zoomqos.collector.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook ingestion. The timestamp tolerance is {@code qos.zoom.webhook-tolerance}
 * ({@code QOS_WEBHOOK_TOLERANCE}), beside the accounts it belongs to.
 *
 * @param maxBodySize larger bodies get 413 without being buffered
 * @param queueCapacity events waiting for the writer; beyond it new requests get 503 + Retry-After
 * @param maxQueuedBytes the same bound in bytes, so large bodies cannot exhaust memory
 * @param maxBatchSize most events committed in one transaction
 * @param writers batches in flight at once; rows of one meeting are locked in key order, so they cannot deadlock
 * @param commitTimeout a batch not committed by then is answered 503 (Zoom retries; dedup makes that safe)
 * @param retryAfter the {@code Retry-After} sent with 503
 */
@Validated
@ConfigurationProperties("qos.webhook")
public record WebhookProperties(
        @NotNull @DefaultValue("1MB") DataSize maxBodySize,
        @Min(1) @DefaultValue("4096") int queueCapacity,
        @NotNull @DefaultValue("64MB") DataSize maxQueuedBytes,
        @Min(1) @Max(10_000) @DefaultValue("500") int maxBatchSize,
        @Min(1) @Max(16) @DefaultValue("2") int writers,
        @NotNull @DefaultValue("2500ms") Duration commitTimeout,
        @NotNull @DefaultValue("5s") Duration retryAfter) {
}
