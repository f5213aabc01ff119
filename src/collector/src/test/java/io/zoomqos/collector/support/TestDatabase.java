package io.zoomqos.collector.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL the tests use: the server named by {@code QOS_TEST_DB_URL} (an R2DBC URL,
 * with {@code QOS_TEST_DB_USER} / {@code QOS_TEST_DB_PASSWORD}), or else one embedded
 * PostgreSQL 15 per test JVM. Every caller of {@link #freshDatabase()} gets a database of its
 * own, so test classes and concurrent builds never see each other's rows.
 */
public final class TestDatabase {

    private static Server server;

    private TestDatabase() {
    }

    /** host:port plus credentials of the server. */
    public record Server(String host, int port, String user, String password, EmbeddedPostgres embedded) {
        public String r2dbcUrl(String database) {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    public static synchronized Server server() {
        if (server == null) {
            server = startOrConnect();
        }
        return server;
    }

    private static Server startOrConnect() {
        String external = System.getenv("QOS_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            java.net.URI uri = java.net.URI.create(external.replaceFirst("^r2dbc:(pool:)?", ""));
            return new Server(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
                    envOr("QOS_TEST_DB_USER", "postgres"), envOr("QOS_TEST_DB_PASSWORD", ""), null);
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp directory goes with it
                }
            }));
            return new Server("127.0.0.1", pg.getPort(), "postgres", "", pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
        }
    }

    /** Creates an empty database and returns its name. */
    public static String freshDatabase() {
        Server s = server();
        String name = "qos_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(s.jdbcUrl("postgres"), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return name;
    }

    /** Points the application under test at a fresh database of its own. */
    public static void register(DynamicPropertyRegistry registry) {
        Server s = server();
        String database = freshDatabase();
        registry.add("qos.db.url", () -> s.r2dbcUrl(database));
        registry.add("qos.db.user", s::user);
        registry.add("qos.db.password", s::password);
    }

    /** A fresh database with every Flyway migration applied, and an R2DBC client on it. */
    public static org.springframework.r2dbc.core.DatabaseClient migratedClient() {
        return org.springframework.r2dbc.core.DatabaseClient.create(migratedConnectionFactory());
    }

    /** A fresh database with every Flyway migration applied; an unpooled connection factory for it. */
    public static io.r2dbc.spi.ConnectionFactory migratedConnectionFactory() {
        Server s = server();
        String database = freshDatabase();
        org.flywaydb.core.Flyway.configure().dataSource(s.jdbcUrl(database), s.user(), s.password())
                .locations("classpath:db/migration").load().migrate();
        io.r2dbc.spi.ConnectionFactoryOptions.Builder options = io.r2dbc.spi.ConnectionFactoryOptions
                .parse(s.r2dbcUrl(database)).mutate()
                .option(io.r2dbc.spi.ConnectionFactoryOptions.USER, s.user());
        if (!s.password().isEmpty()) {
            options.option(io.r2dbc.spi.ConnectionFactoryOptions.PASSWORD, s.password());
        }
        return io.r2dbc.spi.ConnectionFactories.get(options.build());
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
