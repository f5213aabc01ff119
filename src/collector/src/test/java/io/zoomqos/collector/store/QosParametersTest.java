package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.StreamMetrics;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.QosSample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class QosParametersTest {

    @Test
    void formatParameterWinsOverAcceptAndUnknownFormatIsRejected() {
        assertThat(QosParameters.wantsCsv("csv", "application/json")).isTrue();
        assertThat(QosParameters.wantsCsv("JSON", "text/csv")).isFalse();
        assertThat(QosParameters.wantsCsv(null, "text/csv;q=0.9, application/json;q=0.1")).isTrue();
        assertThat(QosParameters.wantsCsv(null, "*/*")).isFalse();
        assertThatThrownBy(() -> QosParameters.wantsCsv("xml", null))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
    }

    @Test
    void acceptsOffsetTimestampsAndDefaultsTheLimit() {
        SampleQuery q = QosParameters.query("m", " ", "2026-11-25T11:00:00+01:00", null, null, null);

        assertThat(q.from()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(q.participantKey()).isNull();
        assertThat(q.limit()).isEqualTo(QosParameters.DEFAULT_LIMIT);
    }

    @Test
    void rejectsEqualBoundsOnlyWhenFromIsAfterTo() {
        assertThat(QosParameters.query("m", null, "2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z", "1000", null).limit()).isEqualTo(1000);
        assertThatThrownBy(() -> QosParameters.query("m", null, "2026-11-25T10:00:01Z", "2026-11-25T10:00:00Z", null, null))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("parameter", "from"));
    }

    @Test
    void csvRowHasOneCellPerColumnAndQuotesOnlyWhenNeeded() {
        QosSample s = new QosSample("a,b", "g:1", Instant.parse("2026-11-25T10:00:00Z"),
                Map.of(StreamKind.SHARE_OUTPUT, new StreamMetrics(1.5, null, null, null, null, 1920, 1080, 0.0001)),
                new CpuMetrics(null, null, null, 99.0));

        String row = SampleCsv.row(s);

        assertThat(row).startsWith("\"a,b\",g:1,2026-11-25T10:00:00Z,").endsWith(",1.5,,,,,1920,1080,0.0001,,,,99\r\n");
        assertThat(row.substring(6).split(",", -1)).hasSize(2 + SampleColumns.VALUES.size());
        assertThat(SampleCsv.HEADER.split(",")).hasSize(3 + SampleColumns.VALUES.size());
    }
}
