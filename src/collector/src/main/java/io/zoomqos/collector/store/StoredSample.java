package io.zoomqos.collector.store;

import io.zoomqos.collector.qos.QosSample;
import java.util.Objects;

/**
 * A participant-minute as committed, with its feed position.
 *
 * @param id feed sequence: strictly increasing in commit order (writers serialise on one advisory
 *           lock), re-assigned when a re-sweep completes the row; resume with
 *           {@link QosRepository#samplesAfter(long, int)}
 * @param revision 0 for a fresh insert, n after the n-th completion of absent values
 * @param sample the row's full stored state (for a completion: old values merged with new ones)
 */
public record StoredSample(long id, int revision, QosSample sample) {

    public StoredSample {
        Objects.requireNonNull(sample, "sample");
    }

    /** True when this row did not exist before the write that returned it. */
    public boolean inserted() {
        return revision == 0;
    }
}
