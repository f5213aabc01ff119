/** Who may read what: bearer JWTs of the OIDC issuer, static tokens, signed-in sessions, scopes and security headers. */
@NullMarked
package io.zoomqos.collector.web.security;

import org.jspecify.annotations.NullMarked;
