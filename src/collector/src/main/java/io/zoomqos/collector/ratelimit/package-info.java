/** The account budget every Zoom call passes: per-second pacing with headroom, daily pacing, 429 feedback. */
@NullMarked
package io.zoomqos.collector.ratelimit;

import org.jspecify.annotations.NullMarked;
