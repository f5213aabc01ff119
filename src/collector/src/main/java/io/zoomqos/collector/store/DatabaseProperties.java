package io.zoomqos.collector.store;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where PostgreSQL is.
 *
 * @param url R2DBC URL ({@code QOS_DB_URL}); required: the product never starts a database of its own
 * @param user user name ({@code QOS_DB_USER})
 * @param password password ({@code QOS_DB_PASSWORD})
 * @param poolMaxSize upper bound of the R2DBC connection pool (writers, API reads)
 * @param replayPoolMaxSize connections of the live feed's own pool (SSE replays and heads), apart
 *     from the main pool so readers can never take what the webhook writers need
 */
@Validated
@ConfigurationProperties("qos.db")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        @Min(1) @DefaultValue("10") int poolMaxSize,
        @Min(1) @DefaultValue("2") int replayPoolMaxSize) {
}
