/** The HTTP surface of the collector: read API, CSV, budget, polling, SSE feed, problem details and security. */
@NullMarked
package io.zoomqos.collector.web;

import org.jspecify.annotations.NullMarked;
