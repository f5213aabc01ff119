/** The demo: collector, simulator and an embedded PostgreSQL wired together (the run command of README.md#try-it). */
@NullMarked
package io.zoomqos.demo;

import org.jspecify.annotations.NullMarked;
