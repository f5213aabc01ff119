package io.zoomqos.simulator;

import static io.zoomqos.simulator.SimFixtures.ACCOUNTS;
import static io.zoomqos.simulator.SimFixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenario is deterministic per seed and looks like the demo promises. */
class ScenarioTest {

    @Test
    void theSameSeedPlaysTheSameMeetingsAndQos() {
        for (long seed = 1; seed <= 3; seed++) {
            SimulatorProperties p = SimulatorProperties.builder().seed(seed).startTime(START).build();
            GroundTruth a = truthAfter(p, Duration.ofHours(1));
            GroundTruth b = truthAfter(p, Duration.ofHours(1));
            assertThat(a.meetings()).isEqualTo(b.meetings());
            assertThat(a.allSamples().map(s -> java.util.List.of(s.meetingUuid(), s.userId(), s.minute(), s.streams(), s.cpu())).toList())
                    .isEqualTo(b.allSamples().map(s -> java.util.List.of(s.meetingUuid(), s.userId(), s.minute(), s.streams(), s.cpu())).toList());
        }
        SimulatorProperties p1 = SimulatorProperties.builder().seed(1).startTime(START).build();
        SimulatorProperties p2 = SimulatorProperties.builder().seed(2).startTime(START).build();
        assertThat(truthAfter(p1, Duration.ofMinutes(30)).meetings().get(3).uuid())
                .isNotEqualTo(truthAfter(p2, Duration.ofMinutes(30)).meetings().get(3).uuid());
    }

    @Test
    void demoDefaultsKeepAboutFiftyMeetingsLiveWithMixedQuality() {
        for (long seed = 1; seed <= 3; seed++) {
            SimulatorProperties p = SimulatorProperties.builder().seed(seed).startTime(START).build();
            GroundTruth t = truthAfter(p, Duration.ofHours(2));
            assertThat(t.liveMeetings().size()).as("seed %d", seed).isBetween(35, 65);
            for (SimMeeting m : t.meetings()) {
                assertThat(m.participants().size()).isBetween(7, 10);
                assertThat(Duration.between(m.start(), m.end())).isBetween(Duration.ofMinutes(30), Duration.ofMinutes(60));
                assertThat(m.participants().stream().map(SimParticipant::userId).distinct()).hasSize(m.participants().size());
                for (SimParticipant sp : m.participants()) {
                    assertThat(sp.join()).isAfterOrEqualTo(m.start());
                    assertThat(sp.leave()).isAfter(sp.join()).isBeforeOrEqualTo(m.end());
                }
            }
            List<SimSample> samples = t.allSamples().toList();
            double goodLatency = meanLatency(t, samples, false);
            double badLatency = meanLatency(t, samples, true);
            assertThat(badLatency).as("degraded networks are worse").isGreaterThan(2 * goodLatency);
            long degraded = t.meetings().stream().flatMap(m -> m.participants().stream()).filter(SimParticipant::degraded).count();
            long all = t.meetings().stream().mapToLong(m -> m.participants().size()).sum();
            assertThat((double) degraded / all).isBetween(0.1, 0.3);
            for (SimSample s : samples) {
                for (Map.Entry<StreamKind, StreamMetrics> e : s.streams().entrySet()) {
                    assertThat(e.getValue().maxLossPct()).isGreaterThanOrEqualTo(e.getValue().avgLossPct());
                    assertThat(e.getValue().bitrateKbps()).isPositive();
                }
            }
        }
    }

    @Test
    void someUuidsNeedDoubleEncoding() {
        SimulatorProperties p = SimulatorProperties.builder().startTime(START).build();
        GroundTruth t = truthAfter(p, Duration.ofHours(1));
        assertThat(t.meetings()).anyMatch(m -> m.uuid().startsWith("/"));
        assertThat(t.meetings()).anyMatch(m -> m.uuid().contains("//") && !m.uuid().startsWith("/"));
        assertThat(t.meetings()).anyMatch(m -> !m.uuid().contains("/"));
    }

    @Test
    void forgetsMeetingsPastRetentionSoMemoryStaysBounded() {
        MutableClock real = new MutableClock(START);
        SimulatedZoom zoom = new SimulatedZoom(SimulatorProperties.builder().startTime(START).timeScale(60)
                .retention(Duration.ofHours(1)).build(), ACCOUNTS, real);
        real.advance(Duration.ofMinutes(3)); // 3 simulated hours, ~200 meetings started
        GroundTruth t = zoom.groundTruth();
        assertThat(t.meetings()).allMatch(m -> m.end().isAfter(t.now().minus(Duration.ofHours(1))));
        assertThat(t.meetings().get(0).index()).as("the first hour's meetings are gone").isGreaterThan(40);
        assertThat(t.meetings().size()).isLessThan(150);
    }

    /** Ground truth of a simulator that started at START, after {@code elapsed} of real time. */
    @Test
    void anExplicitSchedulePlaysExactlyItsMeetingsAtTheirTimesAndSizes() {
        List<ScheduledMeeting> schedule = List.of(
                new ScheduledMeeting(START.plusSeconds(90), Duration.ofMinutes(30), 3),
                new ScheduledMeeting(START.plusSeconds(90), Duration.ofMinutes(45), 12),
                new ScheduledMeeting(START.plus(Duration.ofHours(5)), Duration.ofMinutes(4), 1));
        MutableClock real = new MutableClock(START);
        SimulatedZoom zoom = new SimulatedZoom(SimulatorProperties.builder().startTime(START).build(), ACCOUNTS, real,
                schedule);
        real.advance(Duration.ofMinutes(1));
        assertThat(zoom.groundTruth().meetings()).isEmpty();
        real.advance(Duration.ofHours(6));
        List<SimMeeting> played = zoom.groundTruth().meetings();
        assertThat(played).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(played.get(i).start()).isEqualTo(schedule.get(i).start());
            assertThat(played.get(i).end()).isEqualTo(schedule.get(i).start().plus(schedule.get(i).duration()));
            assertThat(played.get(i).participants()).hasSize(schedule.get(i).participants());
        }
        assertThat(played.stream().map(SimMeeting::uuid).distinct()).hasSize(3);
        real.advance(Duration.ofDays(2));
        assertThat(zoom.groundTruth().meetings()).as("no meetings beyond the schedule").hasSizeLessThanOrEqualTo(3);
    }

    private static GroundTruth truthAfter(SimulatorProperties p, Duration elapsed) {
        MutableClock real = new MutableClock(START);
        SimulatedZoom zoom = new SimulatedZoom(p, ACCOUNTS, real);
        real.advance(elapsed);
        return zoom.groundTruth();
    }

    private static double meanLatency(GroundTruth t, List<SimSample> ignored, boolean degraded) {
        return t.meetings().stream()
                .flatMap(m -> m.participants().stream().filter(p -> p.degraded() == degraded)
                        .flatMap(p -> t.samples(m, p).stream()))
                .mapToDouble(s -> s.streams().get(StreamKind.AUDIO_INPUT).latencyMs()).average().orElseThrow();
    }
}
