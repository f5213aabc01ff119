/** Step 4: idempotent storage of meetings, participants and samples in PostgreSQL, summaries, retention. */
@NullMarked
package io.zoomqos.collector.store;

import org.jspecify.annotations.NullMarked;
