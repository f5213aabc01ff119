package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.QosSample;
import java.math.BigDecimal;

/**
 * CSV (RFC 4180) of samples: one wide row per participant-minute, the same columns as the
 * {@code qos_sample} table ({@code <stream>_<metric>}, then CPU); an empty cell is an absent value.
 */
public final class SampleCsv {

    public static final String HEADER = "meeting_uuid,participant_key,minute," + String.join(",",
            SampleColumns.VALUES.stream().map(SampleColumns.Column::name).toList()) + "\r\n";

    private SampleCsv() {
    }

    public static String row(QosSample s) {
        StringBuilder b = new StringBuilder(256);
        b.append(quote(s.meetingUuid())).append(',').append(quote(s.participantKey())).append(',').append(s.minute());
        for (SampleColumns.Column c : SampleColumns.VALUES) {
            b.append(',');
            Object v = c.getter().apply(s);
            if (v instanceof Double d) {
                b.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
            } else if (v != null) {
                b.append(v);
            }
        }
        return b.append("\r\n").toString();
    }

    private static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
