package io.zoomqos.collector.store;

import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.FeedFilter;
import io.zoomqos.collector.live.ReplayDatabase;
import io.zoomqos.collector.live.SamplePayload;
import io.zoomqos.collector.live.SampleReplay;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The live feed's resume source for samples: committed {@code qos_sample} rows after a feed id,
 * with the same filter rules as the live stream. Feed ids commit in order (writers serialise on
 * one advisory lock, see {@link QosRepository}), so {@code id > cursor} misses nothing.
 * Both queries go through the {@link ReplayDatabase}.
 */
@Component
class StoreSampleReplay implements SampleReplay {

    // The account lives on the meeting row; the sample table does not repeat it.
    private static final String AFTER = """
            SELECT s.*, m.account_id AS feed_account_id
            FROM qos_sample s LEFT JOIN meeting m ON m.meeting_uuid = s.meeting_uuid
            WHERE s.id > $1
              AND ($2::text IS NULL OR m.account_id = $2)
              AND ($3::text IS NULL OR s.meeting_uuid = $3)
              AND ($4::text IS NULL OR s.participant_key = $4)
            ORDER BY s.id
            LIMIT $5""";

    private final DatabaseClient db;

    /** Reads through the feed's own pool: a replay never waits for, nor holds, a writer's connection. */
    StoreSampleReplay(ReplayDatabase replay) {
        this.db = replay.client();
    }

    @Override
    public Flux<FeedEvent> samplesAfter(long afterSeq, FeedFilter filter, int limit) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(AFTER).bind(0, afterSeq);
        spec = filter.accountId() == null ? spec.bindNull(1, String.class) : spec.bind(1, filter.accountId());
        spec = filter.meetingUuid() == null ? spec.bindNull(2, String.class) : spec.bind(2, filter.meetingUuid());
        spec = filter.participantKey() == null ? spec.bindNull(3, String.class) : spec.bind(3, filter.participantKey());
        return spec.bind(4, limit)
                .map(row -> {
                    StoredSample stored = SampleColumns.readStored(row);
                    String account = row.get("feed_account_id", String.class);
                    return FeedEvent.sample(account == null ? "" : account, stored.id(), SamplePayload.of(stored.sample()));
                })
                .all();
    }

    @Override
    public Mono<Long> latestSeq() {
        return db.sql(QosRepository.LATEST_SAMPLE_ID).map(row -> row.get("id", Long.class)).one();
    }
}
