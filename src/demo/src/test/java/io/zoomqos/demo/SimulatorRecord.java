package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.simulator.GroundTruth;
import io.zoomqos.simulator.RequestLog;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the demo's simulated Zoom played and answered, as the end-to-end tests read it. */
final class SimulatorRecord {

    /** The demo's one account (application-demo.yml). */
    static final String ACCOUNT = "demo-account";

    private SimulatorRecord() {
    }

    /**
     * The meetings that start within {@code window} (simulated) from {@code from} on: those a test
     * follows when the simulator starts meetings without end, or when those that started with the
     * application prove nothing.
     */
    static List<SimMeeting> startingWithin(GroundTruth truth, Instant from, Duration window) {
        return truth.meetings().stream().filter(m -> !m.start().isBefore(from) && m.start().isBefore(from.plus(window)))
                .toList();
    }

    /** Zoom rejected none of the account's requests: neither its per-second nor its daily limit was met (no 429). */
    static void assertNothingRejected(SimulatedZoom zoom) {
        RequestLog.AccountStats stats = zoom.requestLog().stats(ACCOUNT);
        assertThat(stats.perSecondRejected()).as("requests over Zoom's per-second limit").isZero();
        assertThat(stats.dailyRejected()).as("requests over Zoom's daily limit").isZero();
    }
}
