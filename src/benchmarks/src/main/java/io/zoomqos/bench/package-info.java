/** Benchmarks, each a main class run with one documented command (docs/benchmarks.md). */
@NullMarked
package io.zoomqos.bench;

import org.jspecify.annotations.NullMarked;
