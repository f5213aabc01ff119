package io.zoomqos.collector.events.qss;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.polling.FeedPublisher;
import io.zoomqos.collector.polling.MeetingSignals;
import io.zoomqos.collector.store.ParticipantRepository;
import io.zoomqos.collector.store.Pseudonyms;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.Summaries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
class QssConfiguration {

    @Bean
    QssParser qssParser(MeterRegistry meters) {
        return new QssParser(meters);
    }

    @Bean
    QssIngestor qssIngestor(DatabaseClient db, ParticipantRepository participants, QosRepository samples,
                            MeetingSignals signals, FeedPublisher feed, Summaries summaries, Pseudonyms pseudonyms,
                            QssProperties properties,
                            MeterRegistry meters) {
        CommittedRows committed = new CommittedRows(properties.rememberedParticipants(), CommittedRows.REMEMBER_FOR,
                Ticker.systemTicker());
        return new QssIngestor(new QssStore(db, participants, samples, committed), signals, feed, summaries, pseudonyms,
                properties, meters);
    }
}
