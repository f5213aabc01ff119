package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleReaderIT {

    private static final Instant T0 = Instant.parse("2026-11-25T23:50:00Z");
    private final StoreDatabase store = new StoreDatabase();
    private final SampleReader reader = new SampleReader(store.db);

    private List<QosSample> stored(int participants, int minutes) {
        List<QosSample> rows = new ArrayList<>();
        for (int p = 0; p < participants; p++) {
            for (int m = 0; m < minutes; m++) {
                rows.add(new QosSample("m", "u:" + p, T0.plus(Duration.ofMinutes(m)),
                        Map.of(StreamKind.AUDIO_INPUT, StoreDatabase.latency(m, 1, 0, 30)), CpuMetrics.ABSENT));
            }
        }
        store.samples(QosRepository.DEFAULT_CHUNK_SIZE).saveSamples(rows).block();
        return rows;
    }

    @Test
    void streamsEveryRowAcrossPagesAndDaysInKeysetOrder() {
        List<QosSample> rows = stored(7, 20); // crosses midnight: two partitions

        List<QosSample> all = reader.all(new SampleQuery("m", null, null, null, null, 0), 9)
                .map(StoredSample::sample).collectList().block();

        assertThat(all).hasSize(140).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(all).extracting(s -> s.minute().toString() + " " + s.participantKey()).isSorted();
    }

    @Test
    void pageHonoursParticipantRangeAndCursor() {
        stored(3, 10);
        SampleQuery q = new SampleQuery("m", "u:1", T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(8)), null, 4);

        List<StoredSample> first = reader.page(q).collectList().block();
        List<StoredSample> second = reader.page(q.after(SampleCursor.of(first.get(3).sample()))).collectList().block();

        assertThat(first).extracting(s -> s.sample().minute())
                .containsExactly(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(3)), T0.plus(Duration.ofMinutes(4)),
                        T0.plus(Duration.ofMinutes(5)));
        assertThat(second).extracting(s -> s.sample().minute())
                .containsExactly(T0.plus(Duration.ofMinutes(6)), T0.plus(Duration.ofMinutes(7)));
        assertThat(first).allMatch(s -> s.sample().participantKey().equals("u:1"));
        assertThat(reader.meetingExists("m").block()).isFalse();
    }

    @Test
    void cursorRoundTripsAndRejectsForgeries() {
        SampleCursor c = new SampleCursor(T0, "g:abc/+=");

        assertThat(SampleCursor.decode(c.encode())).isEqualTo(c);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SampleCursor.decode("bm90LWEtY3Vyc29y"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
