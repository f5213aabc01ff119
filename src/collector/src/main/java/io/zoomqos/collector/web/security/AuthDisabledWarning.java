package io.zoomqos.collector.web.security;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * With {@code QOS_AUTH_DISABLED=true}, says so at start and again every hour, so an open
 * deployment cannot go unnoticed in the logs.
 */
@Component
class AuthDisabledWarning implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuthDisabledWarning.class);

    private final AuthProperties auth;
    private volatile @Nullable Disposable repeating;

    AuthDisabledWarning(AuthProperties auth) {
        this.auth = auth;
    }

    @Override
    public void start() {
        if (!auth.disabled()) {
            return;
        }
        warn();
        repeating = Flux.interval(auth.disabledWarningEvery(), Schedulers.parallel()).subscribe(tick -> warn());
    }

    private static void warn() {
        log.warn("auth=disabled QOS_AUTH_DISABLED=true: the read API, the live feed and the page are open to anyone"
                + " who reaches this port");
    }

    @Override
    public void stop() {
        Disposable d = repeating;
        if (d != null) {
            d.dispose();
            repeating = null;
        }
    }

    @Override
    public boolean isRunning() {
        return repeating != null;
    }
}
