package io.zoomqos.collector.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StaticTokensTest {

    @Test
    void aTokenMatchesItsDigestAndGetsReadScopeByDefault() {
        StaticTokens tokens = StaticTokens.parse(StaticTokens.hashOf("scraper-token"));

        StaticTokens.Entry entry = tokens.match("scraper-token");

        assertThat(entry).isNotNull();
        assertThat(entry.scopes()).containsExactly(Scopes.READ);
        assertThat(tokens.match("scraper-token ")).isNull();
        assertThat(tokens.match("other")).isNull();
    }

    @Test
    void scopesAreGrantedPerTokenWithPlusSigns() {
        StaticTokens tokens = StaticTokens.parse(" " + StaticTokens.hashOf("a") + " , "
                + StaticTokens.hashOf("admin").toUpperCase().replace("SHA256", "sha256") + "=qos.read+qos.admin ,");

        assertThat(tokens.match("a").scopes()).containsExactly(Scopes.READ);
        assertThat(tokens.match("admin").scopes()).containsExactlyInAnyOrder(Scopes.READ, Scopes.ADMIN);
    }

    @Test
    void aMalformedEntryIsNamedByPositionNeverByItsText() {
        assertThatThrownBy(() -> StaticTokens.parse(StaticTokens.hashOf("a") + ",plain-secret-token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2").hasMessageNotContaining("plain-secret-token");
        assertThatThrownBy(() -> StaticTokens.parse("sha256:abc"))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> StaticTokens.parse(StaticTokens.hashOf("a") + "="))
                .hasMessageContaining("no scope");
    }

    @Test
    void noConfigurationMeansNoTokens() {
        assertThat(StaticTokens.parse(null).isEmpty()).isTrue();
        assertThat(StaticTokens.parse(" ").match("")).isNull();
    }

    @Test
    void theNameShowsOnlyTheStartOfTheDigest() {
        StaticTokens.Entry entry = StaticTokens.parse(StaticTokens.hashOf("t")).match("t");
        assertThat(entry.name()).isEqualTo("token:" + StaticTokens.hashOf("t").substring("sha256:".length(), "sha256:".length() + 8));
    }
}
