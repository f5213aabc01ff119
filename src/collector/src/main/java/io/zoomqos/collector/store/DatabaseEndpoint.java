package io.zoomqos.collector.store;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.net.URI;

/**
 * A reachable PostgreSQL, in both of the forms we need: R2DBC for the service, JDBC for Flyway.
 *
 * @param r2dbcUrl for example {@code r2dbc:postgresql://127.0.0.1:5432/qos}
 * @param user may be blank (trust auth)
 * @param password may be blank
 */
public record DatabaseEndpoint(String r2dbcUrl, String user, String password) {

    /** {@code r2dbc:postgresql://h:p/db?x} or {@code r2dbc:pool:postgresql://...} to {@code jdbc:postgresql://h:p/db?x}. */
    public String jdbcUrl() {
        String rest = r2dbcUrl.replaceFirst("^r2dbc:(pool:)?", "");
        if (!rest.startsWith("postgresql://")) {
            throw new IllegalStateException("qos.db.url (QOS_DB_URL) must be an r2dbc:postgresql:// URL, was " + redacted());
        }
        return "jdbc:" + rest;
    }

    /** R2DBC connection options with the credentials applied. */
    public ConnectionFactoryOptions options() {
        // The service pools connections itself, and LISTEN needs a plain driver connection, so an
        // r2dbc:pool: URL is read as the plain PostgreSQL URL it wraps.
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(r2dbcUrl.replaceFirst("^r2dbc:pool:", "r2dbc:")).mutate();
        if (!user.isEmpty()) {
            options.option(ConnectionFactoryOptions.USER, user);
        }
        if (!password.isEmpty()) {
            options.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        return options.build();
    }

    /** The URL without any user-info, fit for logs. */
    public String redacted() {
        String rest = r2dbcUrl.replaceFirst("^r2dbc:(pool:)?", "");
        try {
            URI uri = URI.create(rest);
            return "r2dbc:" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getPath() == null ? "" : uri.getPath());
        } catch (IllegalArgumentException e) {
            return "<unparseable url>";
        }
    }
}
