/** The HTTP API's handlers and routes, on top of the pipeline's packages. */
@NullMarked
package io.zoomqos.collector.web;

import org.jspecify.annotations.NullMarked;
