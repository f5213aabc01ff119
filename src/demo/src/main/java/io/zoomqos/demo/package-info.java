/** The demo: collector, simulator and an embedded PostgreSQL wired together (the README's run command). */
@NullMarked
package io.zoomqos.demo;

import org.jspecify.annotations.NullMarked;
