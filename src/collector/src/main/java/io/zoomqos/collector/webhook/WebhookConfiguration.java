package io.zoomqos.collector.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.config.ZoomAccounts;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.store.Pseudonyms;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    WebhookIngestor webhookIngestor(DatabaseClient db, ReactiveTransactionManager transactions, MeetingSignals signals,
                                    WebhookProperties properties, MeterRegistry meters, Pseudonyms pseudonyms) {
        WebhookEventStore store = new WebhookEventStore(db, TransactionalOperator.create(transactions));
        return new WebhookIngestor(store, signals, properties, meters, new WebhookPrivacy(pseudonyms));
    }

    /** A {@link Clock} bean, when some configuration provides exactly one, replaces the system clock (tests). */
    @Bean
    RouterFunction<ServerResponse> zoomWebhookRoute(ZoomAccounts accounts, WebhookIngestor ingestor,
                                                    WebhookProperties properties, MeterRegistry meters,
                                                    ObjectProvider<Clock> clock) {
        ZoomWebhookHandler handler = new ZoomWebhookHandler(accounts, ingestor, new WebhookMetrics(meters), properties,
                clock.getIfUnique(Clock::systemUTC));
        return RouterFunctions.route().POST("/webhooks/zoom", handler::handle).build();
    }
}
