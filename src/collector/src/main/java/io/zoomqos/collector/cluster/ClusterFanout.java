package io.zoomqos.collector.cluster;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactory;
import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.FeedFilter;
import io.zoomqos.collector.live.LiveEventLog;
import io.zoomqos.collector.live.QosFeed;
import io.zoomqos.collector.live.SampleReplay;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;
import tools.jackson.databind.ObjectMapper;

/**
 * Carries the live feed across replicas through PostgreSQL LISTEN/NOTIFY, so a browser sees
 * every meeting whichever replica it is connected to (only the lease holder of an account polls
 * it, and any replica may take a webhook).
 *
 * <p>Out: what this replica publishes is summarised, at most every {@code notifyEvery}, as one
 * notification {@code <replica>|<sample seq>|<event seq>} (the rows are in the database already),
 * plus one notification per changed budget status carrying the status itself (it is not stored).
 * In: on another replica's notification this replica reads the committed rows after its own
 * cursor and relays them to its feed. Stored rows can arrive twice (local write and relay);
 * the feed delivers each once. A lost connection is re-opened with back-off and followed by a
 * catch-up read, so a notification missed meanwhile costs latency, not data.
 */
public final class ClusterFanout {

    static final String CHANNEL = "qos_feed";
    private static final Logger log = LoggerFactory.getLogger(ClusterFanout.class);

    private final ConnectionFactory listenConnections;
    private final DatabaseClient db;
    private final QosFeed feed;
    private final SampleReplay samples;
    private final LiveEventLog events;
    private final String replica;
    private final ObjectMapper json;
    private final Duration notifyEvery;
    private final Scheduler scheduler;

    private final AtomicLong localSample = new AtomicLong();
    private final AtomicLong localEvent = new AtomicLong();
    private final Map<String, Object> localBudgets = new ConcurrentHashMap<>();
    private long announcedSample;
    private long announcedEvent;
    private volatile long relayedSample = -1;
    private volatile long relayedEvent = -1;

    public ClusterFanout(ConnectionFactory listenConnections, DatabaseClient db, QosFeed feed, SampleReplay samples,
                         LiveEventLog events, String replica, ObjectMapper json, Duration notifyEvery,
                         Scheduler scheduler) {
        this.listenConnections = listenConnections;
        this.db = db;
        this.feed = feed;
        this.samples = samples;
        this.events = events;
        this.replica = replica;
        this.json = json;
        this.notifyEvery = notifyEvery;
        this.scheduler = scheduler;
    }

    /** Starts relaying and announcing; the returned handle stops both. */
    public Disposable run() {
        feed.addListener(this::publishedHere);
        Disposable listening = cursorsNow()
                .thenMany(listen())
                .subscribe();
        Disposable announcing = Flux.interval(notifyEvery, notifyEvery, scheduler)
                .onBackpressureDrop()
                .concatMap(t -> announce().onErrorResume(e -> {
                    log.warn("cluster notify failed replica={} error={}", replica, e.toString());
                    return Mono.empty();
                }))
                .subscribe();
        return Disposables.composite(listening, announcing);
    }

    /** Relaying starts at what is committed now: history is for resuming subscribers, not for relay. */
    private Mono<Void> cursorsNow() {
        return Mono.zip(samples.latestSeq(), events.latestId())
                .doOnNext(t -> {
                    relayedSample = t.getT1();
                    relayedEvent = t.getT2();
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .then();
    }

    private Flux<Void> listen() {
        return Flux.usingWhen(
                        Mono.from(listenConnections.create()).cast(PostgresqlConnection.class),
                        connection -> connection.createStatement("LISTEN " + CHANNEL).execute()
                                .flatMap(PostgresqlResult::getRowsUpdated)
                                .thenMany(Flux.concat(Mono.just("catch-up after (re)connect"),
                                        connection.getNotifications()
                                                .filter(n -> CHANNEL.equals(n.getName()))
                                                .map(n -> n.getParameter() == null ? "" : n.getParameter()))),
                        PostgresqlConnection::close)
                .onBackpressureLatest()
                .concatMap(this::received, 1)
                .doOnError(e -> log.warn("cluster listen connection lost replica={} error={}", replica, e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)));
    }

    private Mono<Void> received(String payload) {
        String[] parts = payload.split("\\|", 3);
        if (parts.length == 3 && parts[0].equals(replica)) {
            return Mono.empty();
        }
        if (parts.length == 3 && parts[1].equals("budget")) {
            Map<?, ?> status = json.readValue(parts[2], Map.class);
            feed.relay(FeedEvent.budget(String.valueOf(status.get("accountId")), status));
            return Mono.empty();
        }
        return catchUp().onErrorResume(e -> {
            log.warn("cluster catch-up failed replica={} error={}", replica, e.toString());
            return Mono.empty();
        });
    }

    /** Reads what other replicas committed after our cursors, a page at a time, and relays it. */
    private Mono<Void> catchUp() {
        Mono<Long> samplePage = Mono.defer(() -> samples.samplesAfter(relayedSample, FeedFilter.ALL, 1000)
                .doOnNext(e -> {
                    feed.relay(e);
                    relayedSample = Math.max(relayedSample, e.seq());
                })
                .count());
        Mono<Long> eventPage = Mono.defer(() -> events.eventsAfter(relayedEvent, FeedFilter.ALL, 1000)
                .doOnNext(e -> {
                    feed.relay(e);
                    relayedEvent = Math.max(relayedEvent, e.seq());
                })
                .count());
        return samplePage.repeat(() -> true).takeUntil(n -> n < 1000).then()
                .then(eventPage.repeat(() -> true).takeUntil(n -> n < 1000).then());
    }

    private void publishedHere(FeedEvent e) {
        switch (e.type().source()) {
            case SAMPLES -> localSample.accumulateAndGet(e.seq(), Math::max);
            case EVENTS -> localEvent.accumulateAndGet(e.seq(), Math::max);
            case NONE -> localBudgets.put(e.accountId(), e.data());
        }
    }

    private Mono<Void> announce() {
        long sample = localSample.get();
        long event = localEvent.get();
        Flux<String> payloads = Flux.empty();
        if (sample != announcedSample || event != announcedEvent) {
            announcedSample = sample;
            announcedEvent = event;
            payloads = Flux.just(replica + "|" + sample + "|" + event);
        }
        for (String account : localBudgets.keySet()) {
            Object status = localBudgets.remove(account);
            if (status != null) {
                payloads = payloads.concatWith(Mono.just(replica + "|budget|" + json.writeValueAsString(status)));
            }
        }
        return payloads.concatMap(p -> db.sql("SELECT pg_notify($1, $2)").bind(0, CHANNEL).bind(1, p).then()).then();
    }
}
