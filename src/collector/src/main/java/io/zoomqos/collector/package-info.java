/** The collector application: start-up only; the flow lives in the packages below. */
@NullMarked
package io.zoomqos.collector;

import org.jspecify.annotations.NullMarked;
