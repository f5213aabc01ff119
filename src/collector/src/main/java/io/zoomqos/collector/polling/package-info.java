/** Step 2: which meeting is due next (earliest deadline first), live polls, final sweeps, stop rules. */
@NullMarked
package io.zoomqos.collector.polling;

import org.jspecify.annotations.NullMarked;
