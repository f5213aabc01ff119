package io.zoomqos.collector.live;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Assembles one subscriber's stream of SSE frames: a comment at once (so the response headers go
 * out), a {@code ready} event carrying the starting cursor, the replay from PostgreSQL when
 * resuming, then the live events, with a comment heartbeat throughout.
 *
 * <p>The seam between replay and live: the subscriber's tap on {@link QosFeed} is opened first,
 * so everything published from then on is buffered; the replay queries run next; then the buffer
 * is drained, leaving out what the replay already delivered. "Already delivered" is decided per
 * event (its seq at or below the resume cursor, or seen in this replay), not by "seq at or below
 * the highest replayed seq": sequences are handed out at insert but rows commit out of order, so
 * a lower seq can commit, and be published, after the replay read a higher one.
 */
public final class FeedStream {

    /** One replayable sequence: the store's samples or the {@code live_event} log. */
    interface Source {
        Flux<FeedEvent> after(long seq, FeedFilter filter, int limit);

        Mono<Long> latest();
    }

    static final SseFrame CONNECTED = SseFrame.comment("connected");
    static final SseFrame HEARTBEAT = SseFrame.comment("heartbeat");

    private static final Logger log = LoggerFactory.getLogger(FeedStream.class);

    private final QosFeed feed;
    private final Source samples;
    private final Source events;
    private final LiveProperties properties;
    private final FeedCodec codec;
    private final Scheduler timer;
    private final MeterRegistry meters;

    FeedStream(QosFeed feed, Source samples, Source events, LiveProperties properties, FeedCodec codec,
               Scheduler timer, MeterRegistry meters) {
        this.feed = feed;
        this.samples = samples;
        this.events = events;
        this.properties = properties;
        this.codec = codec;
        this.timer = timer;
        this.meters = meters;
    }

    /** A stream whose replay is not limited (no {@link ReplayGate}: tests and benchmarks). */
    Flux<SseFrame> open(FeedFilter filter, @Nullable FeedCursor resumeFrom) {
        return open(filter, resumeFrom, ReplayGate.UNBOUNDED);
    }

    /**
     * @param resumeFrom the client's {@code Last-Event-ID}, or null for a fresh subscriber
     * @param replayPermit released as soon as the replay part ends (or the stream, whichever is first);
     *     the replay ends with {@code lagged} when it exceeds the permit's deadline
     */
    public Flux<SseFrame> open(FeedFilter filter, @Nullable FeedCursor resumeFrom, ReplayGate.Permit replayPermit) {
        return open(filter, resumeFrom, replayPermit, null);
    }

    /**
     * @param pseudonyms for a reader without {@code qos.read.pii}: its events carry pseudonyms in place
     *     of participant keys and host ids, and no personal fields; null: events as stored
     */
    public Flux<SseFrame> open(FeedFilter filter, @Nullable FeedCursor resumeFrom, ReplayGate.Permit replayPermit,
                               @Nullable ReadPseudonyms pseudonyms) {
        return Flux.defer(() -> {
            QosFeed.Tap tap = feed.tap(filter, properties.bufferPerSubscriber());
            Subscriber subscriber = new Subscriber(filter, tap, pseudonyms);
            Flux<SseFrame> body = (resumeFrom == null ? subscriber.fresh() : subscriber.resume(resumeFrom, replayPermit))
                    .onErrorResume(e -> {
                        // Ending the stream makes the client reconnect with its Last-Event-ID.
                        log.warn("sse stream failed, closing cursor={} error={}", subscriber.cursor, e.toString());
                        return Flux.empty();
                    });
            Sinks.Empty<Void> bodyDone = Sinks.empty();
            Flux<SseFrame> heartbeats = Flux.interval(properties.heartbeat(), properties.heartbeat(), timer)
                    .map(i -> HEARTBEAT)
                    .takeUntilOther(bodyDone.asMono());
            // Prefetch 1: the subscriber's buffer is its tap; the merge must not hold a second one.
            return Flux.concat(Mono.just(CONNECTED),
                            Flux.merge(1, body.doFinally(s -> bodyDone.tryEmitEmpty()), heartbeats))
                    .doFinally(s -> {
                        tap.close();
                        replayPermit.release();
                    });
        });
    }

    /** The state of one subscriber; touched by one signal at a time (Reactive Streams serial rule). */
    private final class Subscriber {
        private final FeedFilter filter;
        private final QosFeed.Tap tap;
        private final @Nullable ReadPseudonyms pseudonyms;
        private FeedCursor cursor;
        private Seam seam;
        private int replayed;
        private volatile boolean replayTimedOut;

        Subscriber(FeedFilter filter, QosFeed.Tap tap, @Nullable ReadPseudonyms pseudonyms) {
            this.filter = filter;
            this.tap = tap;
            this.pseudonyms = pseudonyms;
        }

        /** No replay: start at the heads of both sequences, and deliver everything the tap holds. */
        Flux<SseFrame> fresh() {
            return Mono.zip(samples.latest(), events.latest()).flatMapMany(heads -> {
                cursor = new FeedCursor(heads.getT1(), heads.getT2());
                return Flux.concat(Mono.fromSupplier(() -> ready(false)), live());
            });
        }

        Flux<SseFrame> resume(FeedCursor from, ReplayGate.Permit permit) {
            cursor = from;
            seam = new Seam(from);
            // A replay past its deadline stops where it is, like one past replayMax: the client
            // resumes from the cursor of the last frame it got.
            Flux<FeedEvent> replay = Flux.concat(paged(samples, from.sampleSeq(), permit),
                            paged(events, from.eventSeq(), permit))
                    .take(properties.replayMax())
                    .takeUntilOther(Mono.delay(permit.deadline(), timer).doOnNext(t -> replayTimedOut = true));
            return Flux.concat(
                    Mono.fromSupplier(() -> ready(true)),
                    replay.map(e -> {
                        replayed++;
                        seam.record(e);
                        return frame(new Published(e));
                    }).doFinally(s -> permit.release()),
                    Flux.defer(() -> replayTimedOut ? Flux.just(lagged("replay-timeout"))
                            : replayed >= properties.replayMax() ? Flux.just(lagged("replay-limit")) : live()));
        }

        private Flux<FeedEvent> paged(Source source, long after, ReplayGate.Permit permit) {
            int limit = properties.replayPageSize();
            return permit.pace(limit).then(source.after(after, filter, limit).collectList()).flatMapMany(page -> {
                Flux<FeedEvent> rows = Flux.fromIterable(page).filter(filter::matches);
                if (page.size() < limit) {
                    return rows;
                }
                long last = page.get(page.size() - 1).seq();
                return rows.concatWith(Flux.defer(() -> paged(source, last, permit)));
            });
        }

        private Flux<SseFrame> live() {
            if (seam != null) {
                // Only what was buffered during the replay can overlap it.
                seam.checkNext(tap.pending());
            }
            return tap.events().handle((p, out) -> {
                if (p == Published.LAGGED) {
                    out.next(lagged("overflow"));
                    return;
                }
                boolean duplicate = seam != null && seam.replayedAlready(p.event());
                if (seam != null && seam.passed()) {
                    seam = null;
                }
                if (!duplicate) {
                    out.next(frame(p));
                }
            });
        }

        private SseFrame frame(Published p) {
            cursor = cursor.after(p.event());
            return SseFrame.event(cursor.toString(), p.event().type().eventName(),
                    pseudonyms == null ? p.json(codec) : p.json(codec, pseudonyms));
        }

        private SseFrame ready(boolean resumed) {
            return SseFrame.event(cursor.toString(), "ready",
                            codec.encodeValue(Map.of("cursor", cursor.toString(), "resumed", resumed)))
                    .withRetry(properties.reconnectDelay().toMillis());
        }

        private SseFrame lagged(String reason) {
            meters.counter("qos.sse.lagged", "reason", reason).increment();
            log.info("sse subscriber lagged reason={} cursor={} filter={}", reason, cursor, filter);
            return SseFrame.event(cursor.toString(), "lagged",
                    codec.encodeValue(Map.of("cursor", cursor.toString(), "reason", reason)));
        }
    }

    /** What one resume replayed, kept only until the events buffered meanwhile have been checked. */
    static final class Seam {
        private final FeedCursor start;
        private long[] samples = new long[16];
        private long[] events = new long[16];
        private int sampleCount;
        private int eventCount;
        private boolean sorted;
        private int toCheck;

        Seam(FeedCursor start) {
            this.start = start;
        }

        void record(FeedEvent e) {
            switch (e.type().source()) {
                case SAMPLES -> {
                    samples = grow(samples, sampleCount);
                    samples[sampleCount++] = e.seq();
                }
                case EVENTS -> {
                    events = grow(events, eventCount);
                    events[eventCount++] = e.seq();
                }
                case NONE -> { }
            }
        }

        /** The next {@code n} live events may repeat the replay; later ones cannot. */
        void checkNext(int n) {
            toCheck = n;
        }

        boolean replayedAlready(FeedEvent e) {
            FeedEvent.Source source = e.type().source();
            if (source == FeedEvent.Source.NONE) {
                return false;
            }
            if (e.seq() <= start.of(source)) {
                return true;
            }
            if (!sorted) {
                // Replay sources return ascending seqs; sorting once makes that an assumption we do not rely on.
                Arrays.sort(samples, 0, sampleCount);
                Arrays.sort(events, 0, eventCount);
                sorted = true;
            }
            return source == FeedEvent.Source.SAMPLES
                    ? Arrays.binarySearch(samples, 0, sampleCount, e.seq()) >= 0
                    : Arrays.binarySearch(events, 0, eventCount, e.seq()) >= 0;
        }

        /** Counts one live event as checked; true once the overlap is over. */
        boolean passed() {
            return --toCheck <= 0;
        }

        private static long[] grow(long[] a, int used) {
            return used < a.length ? a : Arrays.copyOf(a, a.length * 2);
        }
    }
}
