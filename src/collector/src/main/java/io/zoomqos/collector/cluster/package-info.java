/** Replicas: which one drives each account (a lease in PostgreSQL) and LISTEN/NOTIFY fan-out. */
@NullMarked
package io.zoomqos.collector.cluster;

import org.jspecify.annotations.NullMarked;
