package io.zoomqos.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's own real PostgreSQL 15, so that {@code ./mvnw spring-boot:run} needs nothing
 * installed. Its data directory survives restarts. The product never starts one.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String database;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    public static EmbeddedPostgresServer start(Path dataDirectory, String database) {
        try {
            Files.createDirectories(dataDirectory);
            // A crash leaves postmaster.pid behind; PostgreSQL refuses to start over a live one
            // but tolerates a stale one, so nothing needs removing here.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .start();
            createDatabaseIfMissing(postgres, database);
            return new EmbeddedPostgresServer(postgres, database);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " in the embedded PostgreSQL", e);
        }
    }

    /** Superuser of the embedded server (trust authentication, no password). */
    public String user() {
        return SUPERUSER;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
