package io.zoomqos.collector.events.qss;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Group commit of QSS events (2,000 meetings x 8 participants at 6 events a minute is ~1,600/s).
 *
 * @param queueCapacity events waiting for a commit; beyond it a webhook gets 503 at once
 * @param maxBatchSize events per transaction
 * @param writers batches in flight at once; 1, because a QSS batch holds the samples' feed lock from its
 *        first statement to its commit, so a second writer only waits on the lock with a transaction open
 *        (QssIngestBench, two runs each: p99 at 267 events/s 36 and 44 ms with one, 50 and 68 ms with two)
 * @param commitTimeout a batch not committed by then fails (503: Zoom redelivers; a redelivery is a duplicate)
 * @param rememberedParticipants participants (and a quarter as many meetings) whose committed rows a batch
 *        does not rewrite; the seed's 2,000 meetings x 8 participants fit four times over
 */
@Validated
@ConfigurationProperties("qos.qss")
public record QssProperties(
        @Positive @DefaultValue("20000") int queueCapacity,
        @Positive @Max(5000) @DefaultValue("1000") int maxBatchSize,
        @Positive @Max(8) @DefaultValue("1") int writers,
        @NotNull @DefaultValue("2500ms") Duration commitTimeout,
        @Positive @DefaultValue("65536") int rememberedParticipants) {
}
