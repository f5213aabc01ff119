/** A fake Zoom that enforces Zoom's limits, with ground truth and signed webhooks (docs/simulator.md). */
@NullMarked
package io.zoomqos.simulator;

import org.jspecify.annotations.NullMarked;
