package io.zoomqos.collector.store;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where PostgreSQL is.
 *
 * @param url R2DBC URL ({@code QOS_DB_URL}); blank means an embedded PostgreSQL under {@code embeddedDir}
 * @param user user name ({@code QOS_DB_USER})
 * @param password password ({@code QOS_DB_PASSWORD})
 * @param embeddedDir data directory of the embedded server; kept across restarts
 * @param embeddedDatabase database created in the embedded server
 * @param poolMaxSize upper bound of the R2DBC connection pool
 */
@Validated
@ConfigurationProperties("qos.db")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        @DefaultValue("./data/postgres") Path embeddedDir,
        @NotBlank @DefaultValue("qos") String embeddedDatabase,
        @Min(1) @DefaultValue("10") int poolMaxSize) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
