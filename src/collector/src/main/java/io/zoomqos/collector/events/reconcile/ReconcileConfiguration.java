package io.zoomqos.collector.events.reconcile;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.cluster.AccountLeases;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.zoom.ZoomClient;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class ReconcileConfiguration {

    /**
     * List meetings goes through the Zoom client, so through the account's budget like every
     * call, at the lowest priority ({@link io.zoomqos.collector.ratelimit.Priority#BACKGROUND}):
     * waiting live polls and sweeps go first, and only sweeps may use the reserve. Each run walks
     * the live list and the past list (meetings ended since the last run): one call per page of each.
     */
    @Bean
    ReconcileSchedule reconcileSchedule(ZoomClient zoom, DatabaseClient db, MeetingSignals signals, AccountLeases leases,
                                        ReconcileProperties properties, Environment environment, MeterRegistry meters,
                                        ObjectProvider<Clock> clock, ObjectProvider<ZoomTime> zoomTime) {
        ReconcileProperties p = properties.scaledBy(environment.getProperty("qos.time-scale", Double.class, 1.0));
        Clock ours = clock.getIfUnique(Clock::systemUTC);
        Reconciliation reconciliation = new Reconciliation(zoom::liveMeetings, zoom::pastMeetings,
                new ReconcileRepository(db), signals, p.endGrace(), p.pastWindow(), ours,
                zoomTime.getIfUnique(() -> new ZoomTime(ours)).clock(), meters);
        return new ReconcileSchedule(reconciliation::run, p.enabled() ? leases::held : java.util.Set::of, p.interval(),
                p.minSpacing(), Schedulers.parallel());
    }

    @Bean
    SmartLifecycle reconcileLifecycle(ReconcileSchedule schedule) {
        return new SmartLifecycle() {
            private Disposable running;

            @Override
            public void start() {
                running = schedule.start();
            }

            @Override
            public void stop() {
                if (running != null) {
                    running.dispose();
                    running = null;
                }
            }

            @Override
            public boolean isRunning() {
                return running != null;
            }
        };
    }
}
