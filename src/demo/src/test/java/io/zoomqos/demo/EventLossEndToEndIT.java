package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.zoomqos.collector.store.QosRepository;
import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.SimulatedZoom;
import io.zoomqos.simulator.WebhookEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No meeting is lost because an event was: the simulator never delivers 10% of the
 * {@code meeting.started} and 10% of the {@code meeting.ended} webhooks (the first of each kind,
 * then every tenth), and every meeting's samples still match the ground truth. What heals each
 * loss (participant events, reconciliation against List meetings, the stop rule) is printed.
 */
@SweptSoonAfterTheEnd
@DemoEndToEndTest(properties = {
        "qos.simulator.time-scale=60",
        "qos.simulator.meetings=10",
        "qos.simulator.start-window=3m",
        "qos.simulator.continuous=false",
        "qos.simulator.participants-min=3",
        "qos.simulator.participants-max=5",
        "qos.simulator.duration-min=4m",
        "qos.simulator.duration-max=6m",
        "qos.simulator.seed=11",
        "qos.simulator.lifecycle-loss=0.1",
        "qos.poll.interval=1m",
        "qos.poll.reload-interval=2s",
        "qos.reconcile.interval=10m",
        "qos.reconcile.min-spacing=30s"})
class EventLossEndToEndIT {

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

    @Test
    void withStartAndEndEventsLostEveryMeetingIsStillCollectedCompletely() {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    GroundTruth truth = zoom.groundTruth();
                    return truth.meetings().size() == 10 && truth.endedMeetings().size() == 10 && meetings().sweptCount() == 10;
                });

        List<WebhookEvent> lost = zoom.lostWebhooks();
        assertThat(lost).as("started lost").anySatisfy(e -> assertThat(e.event()).isEqualTo("meeting.started"));
        assertThat(lost).as("ended lost").anySatisfy(e -> assertThat(e.event()).isEqualTo("meeting.ended"));

        StoredAgainstTruth.assertEveryMeetingMatches(samples, zoom.groundTruth());

        System.out.println("event loss: lost=" + lost.stream().map(e -> e.event() + " " + e.meetingUuid()).toList());
        System.out.println("event loss: meetings=" + meetings().howKnownAndClosed().values());
        meters.find("qos.reconcile.meetings").counters()
                .forEach(c -> System.out.println("event loss: reconcile " + c.getId().getTags() + " " + c.count()));
        assertThat(meters.find("qos.reconcile.runs").tag("outcome", "ok").counter().count())
                .as("reconciliation ran against the simulator's List meetings").isPositive();
    }

    private CollectedMeetings meetings() {
        return new CollectedMeetings(db);
    }
}
