package io.zoomqos.collector.store;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import io.zoomqos.collector.live.ReplayDatabase;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Takes the PostgreSQL of {@code QOS_DB_URL} (required: a start without it stops here, naming the
 * variable, rather than running a database of its own that no other replica shares), migrates it with
 * Flyway before anything can use it, and exposes one pooled R2DBC {@link ConnectionFactory};
 * Spring Boot's R2DBC auto-configuration backs off and builds its DatabaseClient, transaction
 * manager and health indicator on this one.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    DatabaseEndpoint databaseEndpoint(DatabaseProperties properties) {
        if (properties.url() == null || properties.url().isBlank()) {
            throw new IllegalStateException("QOS_DB_URL (qos.db.url) is not set: give the R2DBC URL of the PostgreSQL"
                    + " every replica shares, e.g. r2dbc:postgresql://postgres:5432/qos");
        }
        DatabaseEndpoint endpoint = new DatabaseEndpoint(properties.url().trim(), blankToEmpty(properties.user()),
                blankToEmpty(properties.password()));
        log.info("database in use url={}", endpoint.redacted());
        Flyway.configure()
                .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return endpoint;
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        return pool(endpoint, "qos", 1, properties.poolMaxSize(), Duration.ofSeconds(5));
    }

    /**
     * The live feed's reads get a pool of their own, small and bounded: replays queue here for
     * one of {@code qos.db.replay-pool-max-size} connections and never for a writer's.
     */
    @Bean(destroyMethod = "close")
    ReplayDatabase replayDatabase(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        ConnectionPool pool = pool(endpoint, "qos-replay", 0, properties.replayPoolMaxSize(), Duration.ofSeconds(10));
        return new ReplayDatabase(DatabaseClient.create(pool), pool::dispose);
    }

    /**
     * A pool that checks every connection it hands out with {@code SELECT 1}: one round trip per
     * transaction, kept on purpose. Validating locally instead (is the socket open?) lent a
     * connection the server had just terminated, and its next statement failed
     * ({@code DatabasePoolIT}); with the query the pool sees the failure, drops the connection and
     * acquires another, so a database restart or failover costs no request.
     */
    static ConnectionPool pool(DatabaseEndpoint endpoint, String name, int initialSize, int maxSize,
                               Duration maxAcquireTime) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(endpoint.options()))
                .name(name)
                .initialSize(initialSize)
                .maxSize(maxSize)
                .maxAcquireTime(maxAcquireTime)
                .maxCreateConnectionTime(Duration.ofSeconds(5))
                .validationQuery("SELECT 1")
                .build());
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }

}
