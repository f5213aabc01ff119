package io.zoomqos.collector.events.websocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.cluster.AccountLeases;
import io.zoomqos.collector.config.EventProperties;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.config.ZoomEndpoints;
import io.zoomqos.collector.events.ZoomEventSink;
import io.zoomqos.collector.events.reconcile.ReconcileRequests;
import io.zoomqos.collector.zoom.ZoomClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.scheduler.Schedulers;

/** Present only when {@code QOS_ZOOM_EVENTS} includes {@code websocket}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${qos.zoom.events.delivery:webhook}'.toLowerCase().contains('websocket')")
class EventSocketConfiguration {

    @Bean
    EventSocketService eventSocketService(EventProperties events, ZoomAccounts accounts, ZoomEndpoints endpoints,
                                          ZoomClient zoom,
                                          ZoomEventSink sink, ReconcileRequests reconcile, AccountLeases leases,
                                          MeterRegistry meters) {
        EventProperties.Websocket ws = events.websocket();
        String subscription = ws.subscriptionId();
        if (subscription == null || subscription.isBlank()) {
            throw new IllegalStateException("QOS_ZOOM_WS_SUBSCRIPTION_ID (qos.zoom.events.websocket.subscription-id) is not set");
        }
        String account = ws.account() != null && !ws.account().isBlank() ? ws.account() : onlyAccount(accounts);
        if (accounts.find(account).isEmpty()) {
            throw new IllegalStateException("qos.zoom.events.websocket.account names no configured account: " + account);
        }
        ZoomEventSocket socket = new ZoomEventSocket(account, subscription,
                () -> endpoints.eventSocketUrl().orElse(ws.url()), zoom::accessToken, sink, reconcile,
                ws, new ReactorNettyWebSocketClient(), Schedulers.parallel(), new SocketMetrics(meters));
        return new EventSocketService(account, socket, leases::held, Duration.ofSeconds(2), Schedulers.parallel());
    }

    private static String onlyAccount(ZoomAccounts accounts) {
        if (accounts.all().size() != 1) {
            throw new IllegalStateException("qos.zoom.events.websocket.account must name the account of the subscription"
                    + " when several accounts are configured");
        }
        return accounts.all().get(0).id();
    }
}
