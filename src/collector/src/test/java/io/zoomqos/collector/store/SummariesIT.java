package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.ParticipantInfo;
import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import static io.zoomqos.collector.qos.StreamKind.AUDIO_INPUT;
import static io.zoomqos.collector.qos.StreamKind.AUDIO_OUTPUT;
import static io.zoomqos.collector.qos.StreamKind.VIDEO_INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hand-computed meeting: A has clean audio, B sits exactly on every threshold once and crosses
 * one (1 poor minute of 5 = 0.2, not above the fraction), C crosses latency by 0.01 ms once
 * (1 of 4 = 0.25, poor).
 */
class SummariesIT {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final QualityProperties DEFAULTS = new QualityProperties(150, 40, 2, 0.2);
    private final StoreDatabase store = new StoreDatabase();
    private final QosRepository samples = store.samples(QosRepository.DEFAULT_CHUNK_SIZE);
    private final Summaries summaries = new Summaries(store.db, store.tx, DEFAULTS);
    private final List<QosSample> rows = new ArrayList<>();

    private void minute(String key, int minute, StreamKind kind, StreamMetrics m, StreamKind kind2, StreamMetrics m2) {
        Map<StreamKind, StreamMetrics> streams = new EnumMap<>(StreamKind.class);
        streams.put(kind, m);
        if (kind2 != null) {
            streams.put(kind2, m2);
        }
        rows.add(new QosSample("meet", key, T0.plus(Duration.ofMinutes(minute)), streams, CpuMetrics.ABSENT));
    }

    private static StreamMetrics m(Double latency, Double jitter, Double loss, Double bitrate) {
        return new StreamMetrics(bitrate, latency, jitter, loss, null, null, null, null);
    }

    private void handComputedMeeting() {
        double[] aLatency = {10, 20, 30, 40, 50};
        double[] aLoss = {0, 0, 0, 0, 1};
        for (int i = 0; i < 5; i++) {
            minute("u:a", i, AUDIO_INPUT, m(aLatency[i], i + 1.0, aLoss[i], 40.0), null, null);
        }
        minute("u:b", 0, AUDIO_INPUT, m(150.0, null, null, null), null, null);
        minute("u:b", 1, AUDIO_INPUT, m(100.0, null, null, null), VIDEO_INPUT, m(null, 40.0, null, null));
        minute("u:b", 2, AUDIO_INPUT, m(100.0, null, null, null), AUDIO_OUTPUT, m(null, null, 2.0, null));
        minute("u:b", 3, AUDIO_INPUT, m(100.0, null, null, null), AUDIO_OUTPUT, m(null, null, 2.01, null));
        minute("u:b", 4, AUDIO_INPUT, m(100.0, null, null, null), null, null);
        for (int i = 0; i < 4; i++) {
            minute("g:c", i, AUDIO_INPUT, m(i == 3 ? 150.01 : 100.0, null, null, null), null, null);
        }
        samples.saveSamples(rows).block();
        store.meeting("meet");
        new ParticipantRepository(store.db).upsert(List.of(new ParticipantInfo("meet", "u:d", "d", null, null, null, null,
                null, T0, null, null))).block();
    }

    @Test
    void participantSummariesMatchHandComputedAvgMaxP95AndPoorFlags() {
        handComputedMeeting();

        summaries.recompute("meet").block();
        Map<String, ParticipantSummary> byKey = summaries.participantSummaries("meet").block();

        ParticipantSummary a = byKey.get("u:a");
        assertThat(a.minutesWithData()).isEqualTo(5);
        assertThat(a.poorMinutes()).isZero();
        assertThat(a.poor()).isFalse();
        assertThat(a.streams()).hasSize(1);
        StreamSummary audio = a.streams().get(0);
        assertThat(audio.stream()).isEqualTo("audio_input");
        assertThat(audio.minutes()).isEqualTo(5);
        assertThat(audio.latencyMs()).isEqualTo(new Stat(30.0, 50.0, 48.0)); // p95 at 0.95*4 = 3.8: 40 + 0.8*10
        assertThat(audio.jitterMs().avg()).isCloseTo(3.0, within(1e-9));
        assertThat(audio.jitterMs().p95()).isCloseTo(4.8, within(1e-9));
        assertThat(audio.loss().avg()).isCloseTo(0.2, within(1e-9));
        assertThat(audio.loss().max()).isEqualTo(1.0);
        assertThat(audio.loss().p95()).isCloseTo(0.8, within(1e-9));
        assertThat(audio.bitrateKbps()).isEqualTo(new Stat(40.0, 40.0, 40.0));

        ParticipantSummary b = byKey.get("u:b");
        assertThat(b.poorMinutes()).isEqualTo(1); // only loss 2.01; 150 ms, 40 ms and 2.0 % are at, not above
        assertThat(b.poor()).isFalse(); // 1/5 = 0.2 is not above 0.2
        assertThat(b.streams()).extracting(StreamSummary::stream).containsExactly("audio_input", "audio_output", "video_input");
        assertThat(b.streams().get(0).latencyMs().avg()).isCloseTo(110.0, within(1e-9));
        assertThat(b.streams().get(0).latencyMs().p95()).isCloseTo(140.0, within(1e-9));
        assertThat(b.streams().get(0).jitterMs()).isEqualTo(new Stat(null, null, null));

        ParticipantSummary c = byKey.get("g:c");
        assertThat(c.poorMinutes()).isEqualTo(1);
        assertThat(c.poor()).isTrue(); // 1/4 = 0.25 > 0.2
        assertThat(byKey).doesNotContainKey("u:d");
    }

    @Test
    void meetingSummaryRollsUpEveryParticipantMinute() {
        handComputedMeeting();

        MeetingSummary meeting = summaries.recompute("meet").block();

        assertThat(meeting.participants()).isEqualTo(4); // a, b, c with data and d from the participant list
        assertThat(meeting.poorParticipants()).isEqualTo(1);
        assertThat(meeting.minutesWithData()).isEqualTo(14);
        assertThat(meeting.poorMinutes()).isEqualTo(2);
        StreamSummary audio = meeting.streams().get(0);
        assertThat(audio.stream()).isEqualTo("audio_input");
        assertThat(audio.minutes()).isEqualTo(14);
        assertThat(audio.latencyMs().avg()).isCloseTo(1150.01 / 14, within(1e-9));
        assertThat(audio.latencyMs().max()).isEqualTo(150.01);
        assertThat(audio.latencyMs().p95()).isCloseTo(150.0035, within(1e-9)); // 0.95*13 = 12.35 between 150 and 150.01
        assertThat(summaries.meetingSummary("meet").block()).isEqualTo(meeting);
    }

    @Test
    void eachThresholdFlagsAMinuteOnlyWhenStrictlyCrossed() {
        String[] metrics = {"latency", "jitter", "loss"};
        double[] limits = {150, 40, 2};
        for (int i = 0; i < metrics.length; i++) {
            double at = limits[i];
            double above = Math.nextUp(limits[i]);
            for (double v : new double[] {at, above}) {
                String key = "u:" + metrics[i] + "-" + v;
                StreamMetrics sm = switch (metrics[i]) {
                    case "latency" -> m(v, null, null, null);
                    case "jitter" -> m(null, v, null, null);
                    default -> m(null, null, v, null);
                };
                minute(key, 0, StreamKind.SHARE_OUTPUT, sm, null, null);
            }
        }
        samples.saveSamples(rows).block();

        summaries.recompute("meet").block();
        Map<String, ParticipantSummary> byKey = summaries.participantSummaries("meet").block();

        for (int i = 0; i < metrics.length; i++) {
            assertThat(byKey.get("u:" + metrics[i] + "-" + limits[i]).poor()).as(metrics[i] + " at threshold").isFalse();
            assertThat(byKey.get("u:" + metrics[i] + "-" + Math.nextUp(limits[i])).poor()).as(metrics[i] + " above").isTrue();
        }
    }

    @Test
    void configuredThresholdsAndFractionAreHonoured() {
        handComputedMeeting();
        Summaries strict = new Summaries(store.db, store.tx, new QualityProperties(45, 40, 2, 0.19));

        strict.recompute("meet").block();
        Map<String, ParticipantSummary> byKey = strict.participantSummaries("meet").block();

        assertThat(byKey.get("u:a").poorMinutes()).isEqualTo(1); // only the 50 ms minute is above 45
        assertThat(byKey.get("u:a").poor()).isTrue(); // 0.2 > 0.19
        assertThat(byKey.get("u:b").poorMinutes()).isEqualTo(5);
    }

    @Test
    void recomputingTouchedParticipantsUpdatesThemAndTheMeetingOnly() {
        handComputedMeeting();
        summaries.recompute("meet").block();
        Instant before = summaries.participantSummaries("meet").block().get("u:b").computedAt();

        rows.clear();
        minute("u:a", 5, AUDIO_INPUT, m(500.0, null, null, null), null, null);
        minute("u:a", 6, AUDIO_INPUT, m(500.0, null, null, null), null, null);
        samples.saveSamples(rows).block();
        summaries.recomputeParticipants("meet", List.of("u:a")).block();

        Map<String, ParticipantSummary> byKey = summaries.participantSummaries("meet").block();
        assertThat(byKey.get("u:a").minutesWithData()).isEqualTo(7);
        assertThat(byKey.get("u:a").poorMinutes()).isEqualTo(2);
        assertThat(byKey.get("u:a").poor()).isTrue();
        assertThat(byKey.get("u:b").computedAt()).isEqualTo(before);
        MeetingSummary meeting = summaries.meetingSummary("meet").block();
        assertThat(meeting.minutesWithData()).isEqualTo(16);
        assertThat(meeting.poorParticipants()).isEqualTo(2);
        assertThat(meeting.streams().get(0).latencyMs().max()).isEqualTo(500.0);
    }

    @Test
    void concurrentRecomputesOfOneMeetingNeitherFailNorDuplicate() {
        handComputedMeeting();

        reactor.core.publisher.Flux.range(0, 12)
                .flatMap(i -> i % 2 == 0 ? summaries.recompute("meet").then()
                        : summaries.recomputeParticipants("meet", List.of("u:a", "u:b")), 12)
                .blockLast();

        assertThat(store.count("SELECT count(*) FROM participant_summary")).isEqualTo(3);
        assertThat(store.count("SELECT count(*) FROM participant_stream_summary")).isEqualTo(5);
        assertThat(store.count("SELECT count(*) FROM meeting_stream_summary")).isEqualTo(3);
    }
}
