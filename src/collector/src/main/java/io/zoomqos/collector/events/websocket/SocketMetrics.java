package io.zoomqos.collector.events.websocket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket's metrics: {@code qos.zoom.ws.connected{account}} (1 while a connection is
 * established), {@code qos.zoom.ws.reconnects{account,reason}} (every end of a connection, ours
 * or not), {@code qos.zoom.ws.gaps{account}} (ends we did not plan: events sent meanwhile are lost
 * until reconciliation), {@code qos.zoom.ws.frames{module}}, {@code qos.zoom.ws.lost{account}}
 * (events received but not stored). Events themselves are {@code qos.events{source=websocket}}.
 */
final class SocketMetrics {

    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> connected = new ConcurrentHashMap<>();

    SocketMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void connected(String account, boolean up) {
        connected.computeIfAbsent(account, a -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("qos.zoom.ws.connected", v, AtomicInteger::get)
                    .description("1 while the account's WebSocket event subscription is connected")
                    .tag("account", a).register(meters);
            return v;
        }).set(up ? 1 : 0);
    }

    void disconnected(String account, String reason) {
        Counter.builder("qos.zoom.ws.reconnects").description("WebSocket connections ended, by reason")
                .tag("account", account).tag("reason", reason).register(meters).increment();
        if (!"renewal".equals(reason)) {
            Counter.builder("qos.zoom.ws.gaps").description("unplanned WebSocket disconnects: events meanwhile are lost")
                    .tag("account", account).register(meters).increment();
        }
    }

    void frame(String module) {
        Counter.builder("qos.zoom.ws.frames").description("WebSocket frames received, by module")
                .tag("module", module).register(meters).increment();
    }

    void lost(String account) {
        Counter.builder("qos.zoom.ws.lost").description("WebSocket events received but not stored")
                .tag("account", account).register(meters).increment();
    }
}
