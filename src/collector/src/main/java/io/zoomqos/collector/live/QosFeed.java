package io.zoomqos.collector.live;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * The in-process multicast of committed feed events. The store, webhook and polling code call
 * {@link #publish} after their transaction commits; every SSE subscriber has a tap here.
 *
 * <p>Publishing never blocks and never fails, and costs the publisher O(1) whatever the number
 * of subscribers: it appends to an inbox and, if the fan-out is idle, schedules it once. The
 * fan-out (one worker per core, each serving a share of the subscribers) appends each event to every matching subscriber's bounded buffer and hands
 * it on to the subscribers that have demand. A subscriber whose buffer is full is cut off (it
 * gets {@code lagged} and its stream closes), so one slow client costs neither the pipeline nor
 * the other subscribers anything. If the fan-out itself falls {@code inboxLimit} events behind,
 * every subscriber is cut off the same way and resumes from PostgreSQL: nothing queues without
 * bound.
 *
 * <p>Across replicas, {@code cluster.ClusterFanout} listens to the local publications
 * ({@link #addListener}) to notify the other replicas through PostgreSQL, and {@link #relay}s
 * what they committed; a stored event that reaches the feed twice is delivered once.
 */
@Component
public class QosFeed implements DisposableBean {

    static final int DEFAULT_INBOX_LIMIT = 100_000;

    private final CopyOnWriteArrayList<Tap> taps = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<FeedListener> listeners = new CopyOnWriteArrayList<>();
    private final RecentSeqs delivered = new RecentSeqs(100_000);
    private final Shard[] shards;
    private final AtomicInteger nextShard = new AtomicInteger();
    private final int inboxLimit;
    private final Scheduler fanout;

    /** One fan-out worker per core: each serves its share of the subscribers. */
    @Autowired
    public QosFeed() {
        this(Schedulers.newParallel("qos-feed-fanout", Runtime.getRuntime().availableProcessors(), true),
                Runtime.getRuntime().availableProcessors(), DEFAULT_INBOX_LIMIT);
    }

    /** One fan-out worker on {@code fanout}. */
    QosFeed(Scheduler fanout) {
        this(fanout, 1, DEFAULT_INBOX_LIMIT);
    }

    /**
     * @param fanout where the fan-out workers run, off the publishers' threads
     * @param workers how many workers share the subscribers
     * @param inboxLimit events one worker may fall behind before its subscribers are cut off
     */
    QosFeed(Scheduler fanout, int workers, int inboxLimit) {
        this.inboxLimit = inboxLimit;
        this.fanout = fanout;
        this.shards = new Shard[workers];
        for (int i = 0; i < workers; i++) {
            shards[i] = new Shard(fanout);
        }
    }

    /** Call after the event's transaction committed. Thread-safe, non-blocking, never throws for a subscriber. */
    public void publish(FeedEvent event) {
        if (deliver(event)) {
            for (FeedListener listener : listeners) {
                listener.published(event);
            }
        }
    }

    /** An event another replica committed (or published, for BUDGET): delivered here, not announced again. */
    public void relay(FeedEvent event) {
        deliver(event);
    }

    public void addListener(FeedListener listener) {
        listeners.add(listener);
    }

    private boolean deliver(FeedEvent event) {
        if (!delivered.firstTime(event)) {
            return false;
        }
        Published p = new Published(event);
        for (Shard shard : shards) {
            shard.publish(p);
        }
        return true;
    }

    public void publishAll(List<FeedEvent> events) {
        for (FeedEvent e : events) {
            publish(e);
        }
    }

    /** Subscribers currently tapped. */
    public int subscribers() {
        return taps.size();
    }

    /** Stops the fan-out workers with the application context. */
    @Override
    public void destroy() {
        fanout.dispose();
    }

    /** Starts buffering matching events for one subscriber at once, before anyone reads them. */
    Tap tap(FeedFilter filter, int capacity) {
        Shard shard = shards[Math.floorMod(nextShard.getAndIncrement(), shards.length)];
        Tap tap = new Tap(shard, filter, capacity);
        shard.taps.add(tap);
        taps.add(tap);
        return tap;
    }

    /** One fan-out worker and the subscribers it serves. */
    private final class Shard {
        private final CopyOnWriteArrayList<Tap> taps = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<FeedListener> listeners = new CopyOnWriteArrayList<>();
    private final RecentSeqs delivered = new RecentSeqs(100_000);
        private final Queue<Published> inbox = Queues.<Published>unboundedMultiproducer().get();
        private final AtomicInteger inboxSize = new AtomicInteger();
        private final AtomicInteger wip = new AtomicInteger();
        private final Scheduler.Worker worker;

        Shard(Scheduler scheduler) {
            this.worker = scheduler.createWorker();
        }

        void publish(Published p) {
            if (taps.isEmpty()) {
                return;
            }
            if (inboxSize.incrementAndGet() > inboxLimit) {
                inboxSize.decrementAndGet();
                taps.forEach(Tap::cutOff);
                return;
            }
            inbox.offer(p);
            if (wip.getAndIncrement() == 0) {
                worker.schedule(this::fanOut);
            }
        }

        /** On this shard's worker only (the work-in-progress counter admits one run at a time). */
        private void fanOut() {
            int missed = 1;
            do {
                Published p;
                while ((p = inbox.poll()) != null) {
                    inboxSize.decrementAndGet();
                    for (Tap tap : taps) {
                        tap.offer(p);
                    }
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }

    /** One subscriber's bounded buffer. */
    final class Tap {
        private final Shard shard;
        private final FeedFilter filter;
        private final int capacity;
        private final AtomicInteger pending = new AtomicInteger();
        private volatile boolean overflowed;
        // Unsafe (unserialised) sink: only the fan-out worker emits; the multi-producer queue and the
        // sink's work-in-progress counter make the drain safe against the subscriber's own requests.
        private final Sinks.Many<Published> sink =
                Sinks.unsafe().many().unicast().onBackpressureBuffer(Queues.<Published>unboundedMultiproducer().get());

        private Tap(Shard shard, FeedFilter filter, int capacity) {
            this.shard = shard;
            this.filter = filter;
            this.capacity = capacity;
        }

        void offer(Published p) {
            if (overflowed || !filter.matches(p.event())) {
                return;
            }
            if (pending.incrementAndGet() > capacity) {
                cutOff();
                return;
            }
            sink.tryEmitNext(p);
        }

        /** Ends this subscriber's live stream with {@link Published#LAGGED} at its next read. */
        void cutOff() {
            overflowed = true;
            close();
            // Wakes a subscriber that is waiting with an empty buffer.
            sink.tryEmitNext(Published.LAGGED);
        }

        /**
         * The buffered then live events, ending with {@link Published#LAGGED} if the buffer
         * overflowed; what was still buffered then is dropped (the client resumes from the
         * database). Subscribe once.
         */
        Flux<Published> events() {
            return sink.asFlux()
                    .handle((p, out) -> {
                        if (p != Published.LAGGED) {
                            pending.decrementAndGet();
                        }
                        if (overflowed) {
                            out.next(Published.LAGGED);
                            out.complete();
                        } else {
                            out.next(p);
                        }
                    });
        }

        /** Events buffered and not yet handed on. */
        int pending() {
            return pending.get();
        }

        boolean overflowed() {
            return overflowed;
        }

        /** Stops buffering; whatever is buffered goes with the tap. */
        void close() {
            shard.taps.remove(this);
            taps.remove(this);
        }
    }
}
