package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.simulator.RequestLog;
import io.zoomqos.simulator.SimMeeting;
import io.zoomqos.simulator.SimulatedZoom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriUtils;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11's promise, end to end: under a daily quota too small to poll every meeting at the
 * interval, the meeting someone watches (an SSE subscriber filtered on it) is still polled at the
 * configured interval, while the others stretch, say so ({@code stretched} in the API) and are
 * polled less often. Real collector, the demo's simulator, a real PostgreSQL; the intervals are
 * read from the simulator's request log in simulated time.
 *
 * <p>Six one-page meetings of 50 simulated minutes at 30x (100 real seconds: they outlive the
 * start-up), polled every simulated minute (2 real seconds): 3 calls/s. The budget's day is the real UTC day (it gets 30 simulated quotas per real
 * day), so the quota is set from the real time left today: the watched meeting's polls until
 * midnight (0.5/s, reserved by the forecast) plus 0.6/s for the five others, which would need
 * 2.5/s, plus a little for the sweeps. The simulator's own daily limit is out of reach: this test
 * is about our pacing, and the budget must not meet a 429 either.
 */
@SweptSoonAfterTheEnd
@DemoEndToEndTest(properties = {
        "qos.simulator.time-scale=30",
        "qos.simulator.meetings=6",
        "qos.simulator.start-window=1m",
        "qos.simulator.continuous=false",
        "qos.simulator.participants-min=2",
        "qos.simulator.participants-max=5",
        "qos.simulator.duration-min=50m",
        "qos.simulator.duration-max=50m",
        "qos.simulator.daily-limit=100000000",
        "qos.simulator.seed=11",
        "qos.poll.interval=1m",
        "qos.poll.jitter=0",
        "qos.poll.reload-interval=1s",
        "qos.poll.attention.refresh=1s"})
class WatchedMeetingKeepsItsIntervalEndToEndIT {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int TIME_SCALE = 30;
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Real seconds left in the UTC day when the context started. */
    private static final long SECONDS_LEFT = secondsLeftToday();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        // per real second: 0.5 for the watched meeting's polls, 0.6 for the five others' (of 2.5 wanted)
        long realDay = Math.round(SECONDS_LEFT * (0.5 + 0.6)) + 300;
        registry.add("QOS_BUDGET_DAILY", () -> (realDay + TIME_SCALE - 1) / TIME_SCALE);
    }

    @Autowired
    SimulatedZoom zoom;

    @LocalServerPort
    int port;

    @Test
    void aWatchedMeetingKeepsItsIntervalWhileTheOthersStretch() {
        // The budget's day must not end during the test (a new day brings a new quota).
        assumeTrue(SECONDS_LEFT > 600, "within 10 minutes of 00:00 UTC");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        java.util.concurrent.atomic.AtomicReference<Throwable> subscriberError = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> !zoom.groundTruth().meetings().isEmpty());
        SimMeeting watched = zoom.groundTruth().meetings().get(0);
        Disposable subscriber = client.get()
                .uri(b -> b.path("/api/v1/qos/stream").queryParam("meeting", "{uuid}").build(watched.uuid()))
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .subscribe(e -> { }, subscriberError::set);

        // What the API says of each live meeting, sampled while they run.
        Map<String, Set<String>> statesSeen = new ConcurrentHashMap<>();
        Map<String, Set<String>> attentionSeen = new ConcurrentHashMap<>();
        List<String> samplerErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Instant> watchedSeenAt = new java.util.concurrent.atomic.AtomicReference<>();
        Disposable sampler = reactor.core.publisher.Flux.interval(Duration.ofMillis(500))
                .onBackpressureDrop()
                .concatMap(t -> client.get().uri("/api/v1/meetings?state=live").retrieve().bodyToMono(String.class)
                        .onErrorResume(e -> {
                            samplerErrors.add(e.toString());
                            return reactor.core.publisher.Mono.empty();
                        }))
                .subscribe(body -> {
                    try {
                        for (JsonNode m : JSON.readTree(body)) {
                            JsonNode state = m.path("liveState");
                            if (state.isMissingNode() || state.isNull()) {
                                continue;
                            }
                            String uuid = m.path("uuid").asString();
                            if (uuid.equals(watched.uuid()) && "watched".equals(m.path("attention").asString())) {
                                watchedSeenAt.compareAndSet(null, zoom.groundTruth().now());
                            }
                            if (!uuid.equals(watched.uuid()) || (watchedSeenAt.get() != null && zoom.groundTruth().now()
                                    .isAfter(watchedSeenAt.get().plus(INTERVAL.multipliedBy(2))))) {
                                // the watched meeting's states count once it settled (see below)
                                statesSeen.computeIfAbsent(uuid, k -> ConcurrentHashMap.newKeySet()).add(state.asString());
                            }
                            attentionSeen.computeIfAbsent(uuid, k -> ConcurrentHashMap.newKeySet())
                                    .add(m.path("attention").asString());
                        }
                    } catch (RuntimeException e) {
                        samplerErrors.add(e + " in " + body);
                    }
                });
        try {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> zoom.groundTruth().meetings().size() == 6 && zoom.groundTruth().endedMeetings().size() == 6);
        } finally {
            sampler.dispose();
            subscriber.dispose();
        }

        List<SimMeeting> meetings = zoom.groundTruth().meetings();
        // from two intervals after the API first showed the meeting watched (the poll that was due
        // or in flight then still came at the stretched pace)
        assertThat(watchedSeenAt.get()).as("the API showed the meeting watched").isNotNull();
        Instant settled = watchedSeenAt.get().plus(INTERVAL.multipliedBy(2));
        assertThat(subscriberError.get()).as("the watching subscriber's stream").isNull();
        assertThat(attentionSeen.getOrDefault(watched.uuid(), Set.of()))
                .as("attention of the watched meeting %s (API: %s, errors: %s)", watched.uuid(), attentionSeen,
                        samplerErrors.stream().limit(3).toList())
                .contains("watched");
        List<Duration> watchedGaps = livePollGaps(watched, settled);
        assertThat(watchedGaps).as("live polls of the watched meeting").hasSizeGreaterThanOrEqualTo(10);
        // at the interval: on average within 10% of it, nine in ten within a quarter of it (the
        // planner's own tolerance for "fresh"; a real second of load is half a simulated minute here)
        assertThat(mean(watchedGaps)).as("mean interval of the watched meeting, gaps %s", watchedGaps)
                .isBetween(INTERVAL.multipliedBy(9).dividedBy(10), INTERVAL.multipliedBy(11).dividedBy(10));
        assertThat(watchedGaps.stream().filter(g -> g.compareTo(INTERVAL.multipliedBy(5).dividedBy(4)) <= 0).count())
                .as("gaps of the watched meeting within 1.25 intervals: %s", watchedGaps)
                .isGreaterThanOrEqualTo((long) Math.ceil(watchedGaps.size() * 0.9));
        // Its state in the API is fresh; a single late poll on a loaded machine (a quarter interval
        // is half a real second here) may show it stretched for a moment, which the gaps above bound.
        assertThat(statesSeen.getOrDefault(watched.uuid(), Set.of())).as("states of the watched meeting").contains("fresh");

        for (SimMeeting other : meetings) {
            if (other.uuid().equals(watched.uuid())) {
                continue;
            }
            List<Duration> gaps = livePollGaps(other, settled);
            assertThat(gaps).as("live polls of %s", other.uuid()).isNotEmpty();
            assertThat(mean(gaps)).as("mean interval of %s, gaps %s", other.uuid(), gaps)
                    .isGreaterThan(INTERVAL.multipliedBy(3).dividedBy(2));
            assertThat(statesSeen.getOrDefault(other.uuid(), Set.of())).as("states of %s", other.uuid())
                    .contains("stretched");
        }
        SimulatorRecord.assertNothingRejected(zoom);
    }

    /** Gaps in simulated time between the meeting's live QoS requests (those before its end) after {@code from}. */
    private List<Duration> livePollGaps(SimMeeting meeting, Instant from) {
        String path = "/v2/metrics/meetings/" + meeting.uuid() + "/participants/qos";
        List<Instant> polls = zoom.requestLog().entries().stream()
                .filter(e -> e.status() == 200 && path.equals(decode(e.path())))
                .map(RequestLog.Entry::simTime)
                .filter(t -> t.isBefore(meeting.end()))
                .sorted()
                .toList();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < polls.size(); i++) {
            if (!polls.get(i - 1).isBefore(from)) {
                gaps.add(Duration.between(polls.get(i - 1), polls.get(i)));
            }
        }
        return gaps;
    }

    private static Duration mean(List<Duration> gaps) {
        return gaps.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(gaps.size());
    }

    /** Zoom's meeting UUIDs may be encoded twice in a path (those that start with / or hold //). */
    private static String decode(String path) {
        return UriUtils.decode(UriUtils.decode(path, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static long secondsLeftToday() {
        Instant now = Instant.now();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Duration.between(now, midnight).toSeconds();
    }
}
