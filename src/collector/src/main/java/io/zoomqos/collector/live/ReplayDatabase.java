package io.zoomqos.collector.live;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The small connection pool that serves the feed's reads (replays after {@code Last-Event-ID}, the
 * heads a fresh subscriber starts from), apart from the pool the writers use: however many
 * subscribers resume at once, they queue for these connections and never for the ones a webhook
 * commit needs. The store builds it on the same PostgreSQL.
 */
public final class ReplayDatabase implements AutoCloseable {

    private final DatabaseClient client;
    private final Runnable close;

    /** @param close releases the pool behind {@code client} */
    public ReplayDatabase(DatabaseClient client, Runnable close) {
        this.client = client;
        this.close = close;
    }

    public DatabaseClient client() {
        return client;
    }

    @Override
    public void close() {
        close.run();
    }
}
