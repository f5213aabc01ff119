package io.zoomqos.collector.store;

import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Keyset-paged reads of a meeting's samples, ordered by (minute, participant key). */
public final class SampleReader {

    private final DatabaseClient db;

    SampleReader(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Boolean> meetingExists(String meetingUuid) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM meeting WHERE meeting_uuid = $1) AS e").bind(0, meetingUuid)
                .map(row -> row.get("e", Boolean.class)).one();
    }

    /** One page of at most {@code query.limit()} rows. */
    public Flux<StoredSample> page(SampleQuery query) {
        // Only the predicates in use are written out, so the planner can prune partitions and use the index.
        StringBuilder sql = new StringBuilder("SELECT * FROM qos_sample WHERE meeting_uuid = $1");
        List<Object> args = new ArrayList<>();
        args.add(query.meetingUuid());
        if (query.participantKey() != null) {
            args.add(query.participantKey());
            sql.append(" AND participant_key = $").append(args.size());
        }
        if (query.from() != null) {
            args.add(query.from());
            sql.append(" AND minute >= $").append(args.size());
        }
        if (query.to() != null) {
            args.add(query.to());
            sql.append(" AND minute < $").append(args.size());
        }
        if (query.after() != null) {
            args.add(query.after().minute());
            args.add(query.after().participantKey());
            sql.append(" AND (minute, participant_key) > ($").append(args.size() - 1).append(", $").append(args.size()).append(')');
        }
        args.add(query.limit());
        sql.append(" ORDER BY minute, participant_key LIMIT $").append(args.size());
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            spec = spec.bind(i, args.get(i));
        }
        return spec.map(SampleColumns::readStored).all();
    }

    /** Every matching row, fetched page by page so neither side ever holds the whole result. */
    public Flux<StoredSample> all(SampleQuery query, int pageSize) {
        SampleQuery first = new SampleQuery(query.meetingUuid(), query.participantKey(), query.from(), query.to(),
                query.after(), pageSize);
        return page(first).collectList()
                .expand(rows -> rows.size() < pageSize ? Mono.empty()
                        : page(first.after(SampleCursor.of(rows.get(rows.size() - 1).sample()))).collectList())
                .concatMapIterable(rows -> rows);
    }
}
