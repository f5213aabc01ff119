package io.zoomqos.collector.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Publishing never blocks and never fails: it only appends to each matching subscriber's
 * bounded buffer and returns; delivery runs on the subscriber's own scheduler worker. A
 * subscriber whose buffer is full is cut off (it gets {@code lagged} and its stream closes),
 * so one slow client costs neither the pipeline nor the other subscribers anything.
 *
 * <p>Cross-replica delivery (PostgreSQL LISTEN/NOTIFY) is not wired yet: a listener that
 * receives another replica's commit notifications would call {@link #publish} here, exactly
 * like a local writer; nothing else in the feed would change.
 */
@Component
public class QosFeed {

    private final CopyOnWriteArrayList<Tap> taps = new CopyOnWriteArrayList<>();
    private final Scheduler delivery;

    @Autowired
    public QosFeed() {
        this(Schedulers.parallel());
    }

    /** @param delivery where each subscriber's events are handed on, off the publisher's thread */
    QosFeed(Scheduler delivery) {
        this.delivery = delivery;
    }

    /** Call after the event's transaction committed. Thread-safe, non-blocking, never throws for a subscriber. */
    public void publish(FeedEvent event) {
        Published p = new Published(event);
        for (Tap tap : taps) {
            tap.offer(p);
        }
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

    /** Starts buffering matching events for one subscriber at once, before anyone reads them. */
    Tap tap(FeedFilter filter, int capacity) {
        Tap tap = new Tap(filter, capacity);
        taps.add(tap);
        return tap;
    }

    /** One subscriber's bounded buffer. */
    final class Tap {
        private final FeedFilter filter;
        private final int capacity;
        private final AtomicInteger pending = new AtomicInteger();
        private volatile boolean overflowed;
        // Unsafe (unserialised) sink over a multi-producer queue: concurrent publishers each
        // offer to the queue and the sink's work-in-progress counter lets one of them drain, so
        // no publisher ever waits or gets a non-serialised failure.
        private final Sinks.Many<Published> sink =
                Sinks.unsafe().many().unicast().onBackpressureBuffer(Queues.<Published>unboundedMultiproducer().get());

        private Tap(FeedFilter filter, int capacity) {
            this.filter = filter;
            this.capacity = capacity;
        }

        void offer(Published p) {
            if (overflowed || !filter.matches(p.event())) {
                return;
            }
            if (pending.incrementAndGet() > capacity) {
                overflowed = true;
                taps.remove(this);
                return;
            }
            sink.tryEmitNext(p);
        }

        /**
         * The buffered then live events, ending with {@link Published#LAGGED} if the buffer
         * overflowed; what was still buffered then is dropped (the client resumes from the
         * database). Subscribe once.
         */
        Flux<Published> events() {
            return sink.asFlux()
                    .publishOn(delivery, 32)
                    .handle((p, out) -> {
                        pending.decrementAndGet();
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
            taps.remove(this);
        }
    }
}
