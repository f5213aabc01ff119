package io.zoomqos.collector.store;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the PostgreSQL (external from {@code QOS_DB_URL}, else embedded), migrates it with
 * Flyway before anything can use it, and exposes one pooled R2DBC {@link ConnectionFactory};
 * Spring Boot's R2DBC auto-configuration backs off and builds its DatabaseClient, transaction
 * manager and health indicator on this one.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** Only when no URL is configured; closed with the context, which stops the server. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(DatabaseProperties properties) {
        if (!properties.embedded()) {
            return new EmbeddedPostgresHolder(null);
        }
        return new EmbeddedPostgresHolder(EmbeddedPostgresServer.start(properties.embeddedDir(), properties.embeddedDatabase()));
    }

    @Bean
    DatabaseEndpoint databaseEndpoint(DatabaseProperties properties, EmbeddedPostgresHolder embedded) {
        DatabaseEndpoint endpoint = embedded.server() != null
                ? embedded.server().endpoint()
                : new DatabaseEndpoint(properties.url().trim(), blankToEmpty(properties.user()), blankToEmpty(properties.password()));
        log.info("database in use kind={} url={} dataDir={}",
                embedded.server() != null ? "embedded" : "external", endpoint.redacted(),
                embedded.server() != null ? properties.embeddedDir().toAbsolutePath().normalize() : "-");
        Flyway.configure()
                .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return endpoint;
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(DatabaseEndpoint endpoint, DatabaseProperties properties) {
        ConnectionFactory raw = ConnectionFactories.get(endpoint.options());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(raw)
                .name("qos")
                .initialSize(1)
                .maxSize(properties.poolMaxSize())
                .maxAcquireTime(Duration.ofSeconds(5))
                .maxCreateConnectionTime(Duration.ofSeconds(5))
                .validationQuery("SELECT 1")
                .build());
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    /** A bean must not be null, so "no embedded server" is an empty holder. */
    record EmbeddedPostgresHolder(EmbeddedPostgresServer server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }
}
