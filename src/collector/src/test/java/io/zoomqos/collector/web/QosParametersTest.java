package io.zoomqos.collector.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoomqos.collector.store.SampleQuery;
import java.time.Instant;
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
}
