package io.zoomqos.collector.cluster;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Account leases between replicas.
 *
 * @param leaseTtl how long a lease lasts without renewal (database time)
 * @param renewEvery how often the holder renews, and others try to take free leases
 * @param safetyMargin a holder stops driving an account this long before its lease could expire
 *     without a renewal, so the next holder never overlaps it, even by one rate-limit second
 * @param replicaId this replica's name in the lease table; blank = host name + random suffix
 * @param notifyEvery how often this replica tells the others (NOTIFY) what it committed for the live feed
 */
@Validated
@ConfigurationProperties("qos.cluster")
public record ClusterProperties(
        @NotNull @DefaultValue("30s") Duration leaseTtl,
        @NotNull @DefaultValue("10s") Duration renewEvery,
        @NotNull @DefaultValue("5s") Duration safetyMargin,
        String replicaId,
        @NotNull @DefaultValue("100ms") Duration notifyEvery) {

    public ClusterProperties {
        if (renewEvery.plus(safetyMargin).compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException(
                    "qos.cluster: renew-every + safety-margin must be shorter than lease-ttl, or a healthy holder would lose its lease");
        }
    }
}
