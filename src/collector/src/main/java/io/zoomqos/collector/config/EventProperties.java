package io.zoomqos.collector.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Zoom's events reach the service, and whether the account has QSS.
 *
 * @param delivery {@code QOS_ZOOM_EVENTS}: {@code webhook}, {@code websocket} or both
 * @param qss {@code QOS_ZOOM_QSS}: the account has QSS, so QoS arrives as events; a meeting whose
 *     QSS samples flow gets no live polls and its final sweep fetches only what QSS missed
 * @param websocket the WebSocket event subscription
 */
@Validated
@ConfigurationProperties("qos.zoom.events")
public record EventProperties(
        @NotEmpty @DefaultValue("webhook") Set<Delivery> delivery,
        @DefaultValue("false") boolean qss,
        @NotNull @Valid @DefaultValue Websocket websocket) {

    /** A way events are delivered. Bound from {@code webhook} / {@code websocket}. */
    public enum Delivery {
        WEBHOOK, WEBSOCKET;

        /** Parses one comma-separated element of {@code QOS_ZOOM_EVENTS}. */
        public static Delivery parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    public boolean webhook() {
        return delivery.contains(Delivery.WEBHOOK);
    }

    public boolean websocketEnabled() {
        return delivery.contains(Delivery.WEBSOCKET);
    }

    /**
     * Zoom's WebSocket event subscription (docs/zoom-api.md 3.5): one outbound connection per
     * subscription, held only by the replica that holds the account's lease.
     *
     * @param url {@code QOS_ZOOM_WS_URL}, the WebSocket base ({@code ?subscriptionId=..&access_token=..} is added)
     * @param subscriptionId {@code QOS_ZOOM_WS_SUBSCRIPTION_ID}, the app's subscription id
     * @param account the account the subscription belongs to; blank: the only configured account
     * @param heartbeat how often the client sends {@code {"module":"heartbeat"}} (Zoom's sample: 30 s)
     * @param heartbeatTimeout no frame at all for this long: the socket is half-open, reconnect
     * @param maxConnectionAge reconnect with a fresh token this long after connecting (S2S tokens live 1 h)
     * @param backoffFirst first reconnect wait after a failure, doubling ...
     * @param backoffMax ... up to this
     * @param backoffJitter fraction of each wait that is random
     */
    public record Websocket(
            @NotNull @DefaultValue("wss://ws.zoom.us/ws") URI url,
            @Nullable String subscriptionId,
            @Nullable String account,
            @NotNull @DefaultValue("30s") Duration heartbeat,
            @NotNull @DefaultValue("75s") Duration heartbeatTimeout,
            @NotNull @DefaultValue("55m") Duration maxConnectionAge,
            @NotNull @DefaultValue("1s") Duration backoffFirst,
            @NotNull @DefaultValue("2m") Duration backoffMax,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double backoffJitter) {
    }
}
