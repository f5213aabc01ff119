package io.zoomqos.collector.live;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps {@code live_event} to the replay horizon ({@code qos.live.event-retention}): a client
 * away longer than that resumes with what is left, which is all a live view needs.
 */
@Component
class LiveEventRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEventRetention.class);

    private final LiveEventLog events;
    private final LiveProperties properties;
    private final Clock clock;
    private final Scheduler scheduler;
    private volatile Disposable running;

    @Autowired
    LiveEventRetention(LiveEventLog events, LiveProperties properties) {
        this(events, properties, Clock.systemUTC(), Schedulers.parallel());
    }

    LiveEventRetention(LiveEventLog events, LiveProperties properties, Clock clock, Scheduler scheduler) {
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** One pass at each interval, the first right away; a failed pass is logged and the next one tries again. */
    Flux<Long> passes() {
        return Flux.interval(java.time.Duration.ZERO, properties.retentionInterval(), scheduler)
                .onBackpressureDrop()
                .concatMap(i -> events.deleteOlderThan(clock.instant().minus(properties.eventRetention()))
                        .doOnNext(n -> {
                            if (n > 0) {
                                log.info("live events expired deleted={} retention={}", n, properties.eventRetention());
                            }
                        })
                        .onErrorResume(e -> {
                            log.warn("live event retention failed error={}", e.toString());
                            return reactor.core.publisher.Mono.empty();
                        }), 0);
    }

    @Override
    public void start() {
        running = passes().subscribe();
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
