package io.zoomqos.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.qos.CpuMetrics;
import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import io.zoomqos.collector.qos.StreamMetrics;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Moved from the read API's parameter test when the API moved to the web package. */
class SampleCsvTest {

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
