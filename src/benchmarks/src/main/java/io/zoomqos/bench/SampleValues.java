package io.zoomqos.bench;

import io.zoomqos.collector.qos.QosSample;
import io.zoomqos.collector.qos.StreamKind;
import java.util.Objects;

/** How the benchmarks compare a stored participant-minute with what was sent or is true. */
final class SampleValues {

    private SampleValues() {
    }

    /** Every stream's figures and the CPU figures are equal (the row's keys are the caller's business). */
    static boolean same(QosSample a, QosSample b) {
        for (StreamKind kind : StreamKind.values()) {
            if (!Objects.equals(a.stream(kind), b.stream(kind))) {
                return false;
            }
        }
        return Objects.equals(a.cpu(), b.cpu());
    }
}
