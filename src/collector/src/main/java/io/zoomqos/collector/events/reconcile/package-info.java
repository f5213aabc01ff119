/** Reconciliation against Zoom's list of live meetings: adopts meetings whose start we missed, ends those Zoom no longer lists. */
@NullMarked
package io.zoomqos.collector.events.reconcile;

import org.jspecify.annotations.NullMarked;
