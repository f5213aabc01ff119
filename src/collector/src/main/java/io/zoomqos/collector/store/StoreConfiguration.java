package io.zoomqos.collector.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Schedulers;

/** Wires the QoS store on Boot's DatabaseClient and R2DBC transaction manager. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    SamplePartitions samplePartitions(DatabaseClient db) {
        return new SamplePartitions(db);
    }

    @Bean
    QosRepository qosRepository(DatabaseClient db, ReactiveTransactionManager transactions, SamplePartitions partitions,
                                MeterRegistry meters) {
        return new QosRepository(db, TransactionalOperator.create(transactions), partitions, meters,
                QosRepository.DEFAULT_CHUNK_SIZE);
    }

    @Bean
    SampleReader sampleReader(DatabaseClient db) {
        return new SampleReader(db);
    }

    /** Plain unless {@code qos.privacy.mode=pseudonymous}; the writers apply it at ingest. */
    @Bean
    Pseudonyms pseudonyms(PrivacyProperties privacy) {
        return Pseudonyms.from(privacy);
    }

    @Bean
    ParticipantRepository participantRepository(DatabaseClient db) {
        return new ParticipantRepository(db);
    }

    @Bean
    CoverageRepository coverageRepository(DatabaseClient db) {
        return new CoverageRepository(db);
    }

    @Bean
    WatchRepository watchRepository(DatabaseClient db) {
        return new WatchRepository(db);
    }

    @Bean
    PinRepository pinRepository(DatabaseClient db) {
        return new PinRepository(db);
    }

    @Bean
    RosterRepository rosterRepository(DatabaseClient db) {
        return new RosterRepository(db);
    }

    @Bean
    Summaries summaries(DatabaseClient db, ReactiveTransactionManager transactions, QualityProperties quality) {
        return new Summaries(db, TransactionalOperator.create(transactions), quality);
    }

    /** The clock is whatever Clock bean the application defines (tests may), else UTC system time. */
    @Bean
    SampleRetention sampleRetention(DatabaseClient db, SamplePartitions partitions, RetentionProperties properties,
                                    ObjectProvider<Clock> clock, MeterRegistry meters) {
        return new SampleRetention(db, partitions, properties, clock.getIfUnique(Clock::systemUTC),
                Schedulers.parallel(), meters);
    }
}
