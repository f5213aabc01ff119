package io.zoomqos.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.zoomqos.collector.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/** The pools validate a connection without a query: one the server closed must still never be lent. */
class DatabasePoolIT {

    @Test
    void aConnectionTheServerClosedIsReplacedBeforeItIsLentAgain() throws Exception {
        TestDatabase.Server server = TestDatabase.server();
        String database = TestDatabase.freshDatabase();
        ConnectionPool pool = DatabaseConfiguration.pool(
                new DatabaseEndpoint(server.r2dbcUrl(database), server.user(), server.password()),
                "pool-it", 1, 1, Duration.ofSeconds(5));
        try {
            DatabaseClient db = DatabaseClient.create(pool);
            int first = backendPid(db);

            try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
                 Statement st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(" + first + ")");
                // The server has closed it once its backend is gone (a condition, not a sleep).
                while (true) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + first)) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            break;
                        }
                    }
                    Thread.onSpinWait();
                }
            }

            // The only pooled connection is dead: the pool must notice and open another.
            assertThat(backendPid(db)).isNotEqualTo(first);
        } finally {
            pool.dispose();
        }
    }

    private static int backendPid(DatabaseClient db) {
        return db.sql("SELECT pg_backend_pid() AS pid").map(row -> row.get("pid", Integer.class)).one()
                .block(Duration.ofSeconds(10));
    }
}
