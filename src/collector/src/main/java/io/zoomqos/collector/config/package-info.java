/** Typed settings of the Zoom side (accounts, endpoints) and the start-up check of required settings. */
@NullMarked
package io.zoomqos.collector.config;

import org.jspecify.annotations.NullMarked;
