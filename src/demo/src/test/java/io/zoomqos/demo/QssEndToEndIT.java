package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.RequestLog;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.SimulatorRuntime;
import io.zoomqos.simulator.WebhookDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * QSS on ({@code QOS_ZOOM_QSS=true}; the simulated account has QSS and pushes a
 * {@code meeting.participant_qos} event per participant-minute over its webhooks): the meetings
 * whose QSS flows cost no QoS call at all, neither live polls nor sweep pages, only the sweep's
 * one participant list, and their samples (all from QSS) match the ground truth. A meeting starts
 * every two simulated minutes; the six that start once the webhooks have caught up with the
 * application's start are followed (what happened during a slow start-up is delivered late, in one
 * burst, and proves nothing here).
 */
@SweptSoonAfterTheEnd
@DemoEndToEndTest(properties = {
        "qos.zoom.events.qss=true",
        "qos.simulator.qss-events-per-minute=1",
        "qos.simulator.time-scale=20",
        "qos.simulator.meetings=10",
        "qos.simulator.start-window=20m",
        "qos.simulator.continuous=true",
        "qos.simulator.participants-min=3",
        "qos.simulator.participants-max=4",
        "qos.simulator.duration-min=4m",
        "qos.simulator.duration-max=6m",
        "qos.simulator.seed=5",
        "qos.poll.reload-interval=2s",
        "qos.poll.interval=2m"})
class QssEndToEndIT {

    /** Meetings starting this long (simulated) after the test begins are followed. */
    private static final Duration STARTS = Duration.ofMinutes(12);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Autowired
    SimulatedZoom zoom;
    @Autowired
    SimulatorRuntime simulator;
    @Autowired
    QosRepository samples;
    @Autowired
    DatabaseClient db;

    @Test
    void meetingsWhoseQssFlowsAreNeverPolledAndTheirSamplesMatchTheGroundTruth() {
        // What happened while the application started is delivered late, in one burst: follow the
        // meetings that start once the webhooks have caught up (plus a minute of margin).
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(this::webhooksCaughtUp);
        Instant from = zoom.clock().instant().plus(Duration.ofMinutes(1));
        Instant until = from.plus(STARTS).plus(Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> zoom.clock().instant().isAfter(until)
                        && new CollectedMeetings(db).allSwept(followed(zoom.groundTruth(), from)));

        GroundTruth truth = zoom.groundTruth();
        List<SimMeeting> followed = followed(truth, from);
        assertThat(followed).hasSizeGreaterThanOrEqualTo(5);
        Set<String> uuids = followed.stream().map(SimMeeting::uuid).collect(Collectors.toSet());

        List<RequestLog.Entry> calls = zoom.requestLog().entries().stream()
                .filter(e -> e.meeting() != null && uuids.contains(e.meeting())).toList();
        Map<String, Long> byEndpoint = calls.stream().collect(Collectors.groupingBy(
                e -> e.meetingEndpoint().matches("participants/[^/]+/qos") ? "participants/{id}/qos" : e.meetingEndpoint(),
                Collectors.counting()));
        System.out.println("qss: followed meetings=" + followed.size() + " zoom calls for them by endpoint=" + byEndpoint);
        Map<String, SimMeeting> byUuid = followed.stream().collect(Collectors.toMap(SimMeeting::uuid, m -> m));
        calls.forEach(e -> System.out.println("qss: call " + e.method() + " " + e.meetingEndpoint() + " status=" + e.status()
                + " at=" + e.simTime() + " meeting=" + e.meeting() + " start=" + byUuid.get(e.meeting()).start()
                + " end=" + byUuid.get(e.meeting()).end()));
        assertThat(calls).as("no live poll, no sweep page, no single fetch: QSS delivered every minute")
                .noneMatch(e -> e.meetingEndpoint().endsWith("qos"));
        assertThat(calls.stream().filter(e -> e.meetingEndpoint().equals("participants") && e.status() == 200))
                .as("the sweep's participant list, once per meeting").hasSizeLessThanOrEqualTo(followed.size());

        long compared = StoredAgainstTruth.assertMeetingsMatch(samples, truth, followed);
        Map<String, Long> bySource = db.sql("SELECT source, count(*) AS n FROM qos_sample WHERE meeting_uuid = ANY($1)"
                        + " GROUP BY source")
                .bind(0, uuids.toArray(String[]::new))
                .map(r -> Map.entry(r.get("source", String.class), r.get("n", Long.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue).block(Duration.ofSeconds(10));
        System.out.println("qss: participant-minutes compared=" + compared + " stored by source=" + bySource);
        assertThat(bySource).containsOnlyKeys("qss").containsEntry("qss", compared);

        long participants = followed.stream().mapToLong(m -> m.participants().size()).sum();
        long summaries = db.sql("SELECT count(*) AS n FROM participant_qss_summary WHERE meeting_uuid = ANY($1)")
                .bind(0, uuids.toArray(String[]::new)).map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(summaries).as("Zoom's QSS summary of every participant").isEqualTo(participants);
    }

    /** Every event due 30 simulated seconds ago has been delivered. */
    private boolean webhooksCaughtUp() {
        Instant due = zoom.clock().instant().minusSeconds(30);
        long expected = zoom.webhookEvents(zoom.clock().origin().minusNanos(1), due).size();
        WebhookDriver.Stats stats = simulator.webhooks().stats();
        return stats.delivered() + stats.failed() >= expected;
    }

    private static List<SimMeeting> followed(GroundTruth truth, Instant from) {
        return SimulatorRecord.startingWithin(truth, from, STARTS);
    }
}
