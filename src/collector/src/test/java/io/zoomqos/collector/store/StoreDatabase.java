package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.zoomqos.collector.support.TestDatabase;
import java.time.Instant;
import java.util.Map;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** A fresh, migrated database and the store's collaborators on it, for repository ITs and the store benchmark. */
public final class StoreDatabase {

    final DatabaseClient db;
    final TransactionalOperator tx;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final SamplePartitions partitions;

    public StoreDatabase() {
        ConnectionFactory cf = TestDatabase.migratedConnectionFactory();
        this.db = DatabaseClient.create(cf);
        this.tx = TransactionalOperator.create(new R2dbcTransactionManager(cf));
        this.partitions = new SamplePartitions(db);
    }

    public QosRepository samples(int chunkSize) {
        return new QosRepository(db, tx, partitions, meters, chunkSize);
    }

    public Summaries summaries(QualityProperties quality) {
        return new Summaries(db, tx, quality);
    }

    /** Runs a statement for test set-up or inspection; blocking is fine on the test thread. */
    public long count(String sql) {
        return db.sql(sql).map(row -> ((Number) row.get(0)).longValue()).one().block();
    }

    void meeting(String uuid) {
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state, start_time) VALUES ($1, 1, 'acct', 'live', $2)")
                .bind(0, uuid).bind(1, Instant.parse("2026-11-25T10:00:00Z")).then().block();
    }

    static QosSample sample(String meeting, String key, Instant minute, Map<StreamKind, StreamMetrics> streams) {
        return new QosSample(meeting, key, minute, streams, CpuMetrics.ABSENT);
    }

    static StreamMetrics latency(double latency, double jitter, double loss, double bitrate) {
        return new StreamMetrics(bitrate, latency, jitter, loss, loss, null, null, null);
    }
}
