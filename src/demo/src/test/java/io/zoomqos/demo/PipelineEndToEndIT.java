package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.collector.zoom.CallLedger;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.store.StoredSample;
import io.zoomqos.collector.polling.PollingService;
import io.zoomqos.collector.support.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole pipeline against the demo's simulator on a real PostgreSQL: signed webhooks in,
 * live polls and final sweeps through the budget, every ground-truth sample stored exactly once
 * with the values Zoom rendered, and not one 429. Meetings run at 60x (a simulated minute per
 * real second); the poll interval of 1 simulated minute scales alike.
 */
@SweptSoonAfterTheEnd
@DemoEndToEndTest(properties = {
        "qos.simulator.time-scale=60",
        "qos.simulator.meetings=4",
        "qos.simulator.start-window=2m",
        "qos.simulator.continuous=false",
        "qos.simulator.duration-min=5m",
        "qos.simulator.duration-max=7m",
        "qos.simulator.seed=7",
        "qos.poll.reload-interval=2s",
        "qos.poll.interval=1m"})
class PipelineEndToEndIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Autowired
    SimulatedZoom zoom;

    @Autowired
    QosRepository samples;

    @Autowired
    DatabaseClient db;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CallLedger calls;

    @Autowired
    PollingService polling;

    @LocalServerPort
    int port;

    @Test
    void everyGroundTruthSampleIsStoredOnceWithZoomsValuesAndNo429() {
        // A live subscriber from the start: it must see every stored sample, and the meeting events.
        List<ServerSentEvent<String>> feed = new CopyOnWriteArrayList<>();
        // Resumed from the very start (cursor 0-0): samples stored before the test began are replayed.
        Disposable subscriber = WebClient.create("http://127.0.0.1:" + port).get().uri("/api/v1/qos/stream")
                .header("Last-Event-ID", "0-0")
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .subscribe(feed::add);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .conditionEvaluationListener(c -> {
                    if (c.getRemainingTimeInMS() < 600) {
                        System.out.println("pipeline state: meetings=" + db.sql("SELECT meeting_uuid, state, sweep_state, sweep_note, closed_by, last_polled_at, start_time, end_time FROM meeting")
                                .fetch().all().collectList().block(Duration.ofSeconds(5)));
                        System.out.println("pipeline state: truth=" + zoom.groundTruth().meetings() + " now=" + zoom.groundTruth().now());
                        System.out.println("pipeline state: requests=" + zoom.requestLog().stats());
                        System.out.println("pipeline state: planners=" + polling.snapshots());
                        meters.find("qos.poll.jobs").counters().forEach(cn -> System.out.println("pipeline state: jobs " + cn.getId().getTags() + " " + cn.count()));
                        zoom.requestLog().last(30).forEach(e -> System.out.println("pipeline state: req " + e));
                    }
                })
                .until(() -> {
                    GroundTruth truth = zoom.groundTruth();
                    return truth.meetings().size() == 4 && truth.endedMeetings().size() == 4 && new CollectedMeetings(db).sweptCount() == 4;
                });

        List<StoredSample> rows = StoredAgainstTruth.storedRows(samples);
        long expected = StoredAgainstTruth.assertEveryMeetingMatches(rows, zoom.groundTruth());
        assertThat(expected).as("ground-truth samples").isGreaterThan(100);

        subscriber.dispose();
        Set<Long> streamedSampleSeqs = new HashSet<>();
        Map<String, Integer> eventCounts = new HashMap<>();
        for (ServerSentEvent<String> e : feed) {
            if (e.event() != null) {
                eventCounts.merge(e.event(), 1, Integer::sum);
            }
            if ("sample".equals(e.event())) {
                streamedSampleSeqs.add(Long.parseLong(e.data().replaceAll(".*\"seq\":(\\d+).*", "$1")));
            }
        }
        assertThat(streamedSampleSeqs).as("every committed sample reached the live subscriber")
                .containsAll(rows.stream().map(StoredSample::id).toList());
        assertThat(feed).anySatisfy(e -> assertThat(e.event()).isEqualTo("meeting"))
                .anySatisfy(e -> assertThat(e.data()).contains("\"state\":\"swept\""))
                .anySatisfy(e -> assertThat(e.event()).isEqualTo("summary"))
                .anySatisfy(e -> assertThat(e.event()).isEqualTo("budget"));

        WebClient.create("http://127.0.0.1:" + port).get().uri("/api/v1/polling").retrieve()
                .bodyToMono(String.class).blockOptional(Duration.ofSeconds(10))
                .ifPresentOrElse(body -> assertThat(body).contains("\"accountId\":\"demo-account\"").contains("\"overdue\""),
                        () -> { throw new AssertionError("no /api/v1/polling body"); });

        SimulatorRecord.assertNothingRejected(zoom);
        assertThat(meters.counter("qos.poll.jobs", "kind", "live", "outcome", "done").count())
                .as("live polls before the end").isPositive();
        // The roster from the join/leave webhooks named everyone the QoS pages returned: every sweep
        // cost only its type=past pages, and List meeting participants was never read.
        assertThat(meters.counter("qos.sweep.roster", "decision", "roster-matches").count()).isEqualTo(4.0);
        assertThat(zoom.requestLog().entries()).noneMatch(e -> e.path().endsWith("/participants"));

        // The daily coverage counts what Zoom saw: every request about a meeting the simulator
        // answered, 404s ("not ready yet") and retries included. (Reconciliation's List meetings
        // may still run: left out on both sides.)
        calls.flush().block(Duration.ofSeconds(10));
        long zoomSaw = zoom.requestLog().entries().stream()
                .filter(e -> "demo-account".equals(e.accountId()) && e.meetingEndpoint() != null)
                .count();
        long counted = db.sql("SELECT coalesce(sum(calls), 0) AS n FROM call_spend"
                        + " WHERE account_id = 'demo-account' AND kind <> 'reconcile'")
                .map(r -> ((Number) r.get("n")).longValue()).one().block(Duration.ofSeconds(10));
        assertThat(counted).as("calls in the coverage against the requests Zoom answered").isEqualTo(zoomSaw);
    }
}
