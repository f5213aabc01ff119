package io.zoomqos.collector.store;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
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
 * @param apiReadsMax HTTP API requests (other than the SSE stream) served at once: they read
 *     through the main pool, so at most this many of its connections go to readers and at least
 *     {@code poolMaxSize - apiReadsMax} stay with the writers; must be below {@code poolMaxSize}
 * @param apiReadsQueue API requests that may wait for their turn; beyond it they get 503 at once
 * @param apiReadsWait how long an API request waits for its turn before it gets 503
 */
@Validated
@ConfigurationProperties("qos.db")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        @Min(1) @DefaultValue("10") int poolMaxSize,
        @Min(1) @DefaultValue("2") int replayPoolMaxSize,
        @Min(1) @DefaultValue("4") int apiReadsMax,
        @Min(0) @DefaultValue("64") int apiReadsQueue,
        @NotNull @DefaultValue("5s") Duration apiReadsWait) {

    public DatabaseProperties {
        if (apiReadsMax >= poolMaxSize) {
            throw new IllegalArgumentException("qos.db.api-reads-max (" + apiReadsMax + ") must be below qos.db.pool-max-size ("
                    + poolMaxSize + "): API readers would otherwise be able to take every connection the webhook writers need");
        }
    }
}
