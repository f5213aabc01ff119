package io.zoomqos.collector.cluster;

import org.springframework.http.HttpHeaders;
import io.zoomqos.collector.support.ItAuthentication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zoomqos.collector.QosCollectorApplication;
import io.zoomqos.collector.support.OwnNettyResources;
import io.zoomqos.collector.live.FeedEvent;
import io.zoomqos.collector.live.LiveEventLog;
import io.zoomqos.collector.live.MeetingPayload;
import io.zoomqos.collector.live.QosFeed;
import io.zoomqos.collector.live.SamplePayload;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * Two replicas on one PostgreSQL: a browser connected to replica B sees what replica A
 * committed (a sample, a meeting event) and A's budget status, each exactly once.
 */
class ClusterFanoutIT {

    private static final String ACCOUNT = "AbCdEfGhIjKlMnOpQrStUv";

    @Test
    void whatOneReplicaCommitsReachesSubscribersOfAnotherOnce() {
        TestDatabase.Server server = TestDatabase.server();
        String database = TestDatabase.freshDatabase();
        try (ConfigurableApplicationContext a = replica("a", server, database);
             ConfigurableApplicationContext b = replica("b", server, database)) {
            List<ServerSentEvent<String>> seenOnB = new CopyOnWriteArrayList<>();
            Disposable stream = WebClient.create("http://127.0.0.1:" + b.getEnvironment().getProperty("local.server.port"))
                    .get().uri("/api/v1/qos/stream?account=" + ACCOUNT)
                    .header(HttpHeaders.AUTHORIZATION, ItAuthentication.AUTHORIZATION).retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                    .subscribe(seenOnB::add);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> seenOnB.stream().anyMatch(e -> "ready".equals(e.event())));

                String meeting = "fanout-meeting";
                a.getBean(org.springframework.r2dbc.core.DatabaseClient.class)
                        .sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, state) VALUES ('" + meeting + "', 1, '" + ACCOUNT + "', 'live')")
                        .then().block(Duration.ofSeconds(10));
                QosSample sample = new QosSample(meeting, "u:1", Instant.now().truncatedTo(ChronoUnit.MINUTES),
                        Map.of(StreamKind.AUDIO_INPUT, new StreamMetrics(27.0, 20.0, 2.0, 0.1, 0.5, null, null, null)),
                        CpuMetrics.ABSENT);
                List<StoredSample> stored = a.getBean(QosRepository.class).saveSamples(List.of(sample)).block(Duration.ofSeconds(10));
                QosFeed feedA = a.getBean(QosFeed.class);
                feedA.publish(FeedEvent.sample(ACCOUNT, stored.get(0).id(), SamplePayload.of(stored.get(0).sample())));
                a.getBean(LiveEventLog.class).append(FeedEvent.Type.MEETING, ACCOUNT, meeting, null,
                        new MeetingPayload(MeetingPayload.ENDED, 1L, Instant.now())).block(Duration.ofSeconds(10));
                feedA.publish(FeedEvent.budget(ACCOUNT, Map.of("accountId", ACCOUNT, "spentToday", 4242)));

                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertThat(seenOnB).filteredOn(e -> "sample".equals(e.event())).hasSize(1)
                            .allSatisfy(e -> assertThat(e.data()).contains("\"seq\":" + stored.get(0).id()));
                    assertThat(seenOnB).filteredOn(e -> "meeting".equals(e.event())).hasSize(1);
                    assertThat(seenOnB).filteredOn(e -> "budget".equals(e.event()))
                            .anySatisfy(e -> assertThat(e.data()).contains("4242"));
                });
            } finally {
                stream.dispose();
            }
        }
    }

    private static ConfigurableApplicationContext replica(String name, TestDatabase.Server server, String database) {
        return new SpringApplicationBuilder(QosCollectorApplication.class, OwnNettyResources.class)
                // Spring MVC is on the test class path (support/TestIssuer): say which stack this is.
                .web(WebApplicationType.REACTIVE)
                .profiles("it")
                .run("--server.port=0", "--qos.db.url=" + server.r2dbcUrl(database), "--qos.db.user=" + server.user(),
                        "--qos.db.password=" + server.password(), "--qos.cluster.replica-id=" + name);
    }
}
