package io.zoomqos.collector.cluster;

/** Told when this replica starts or stops driving an account. Called serially per account. */
public interface LeaseListener {

    void acquired(String accountId);

    void lost(String accountId);
}
