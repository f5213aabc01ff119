/** The monitoring mixin (monitoring/) proven with promtool and against a real Prometheus scraping the demo. */
@NullMarked
package io.zoomqos.demo.monitoring;

import org.jspecify.annotations.NullMarked;
