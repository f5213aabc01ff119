package io.zoomqos.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad account configuration stops the start-up with a message naming the property. */
class ZoomAccountsTest {

    private static final ZoomProperties.Budget BUDGET = new ZoomProperties.Budget(16, 0.1, 60_000, 0.05);

    private static ZoomProperties props(ZoomProperties.Account... accounts) {
        return new ZoomProperties(URI.create("https://api.zoom.us/v2"), URI.create("https://zoom.us"),
                Duration.ofSeconds(300), List.of(accounts));
    }

    private static ZoomProperties.Account account(String id, String secret, String clientId, String clientSecret) {
        return new ZoomProperties.Account(id, secret, clientId, clientSecret, BUDGET);
    }

    @Test
    void inASimulatedDayTheBudgetKeepsOneSimulatedDaysQuotaAsConfigured() {
        ZoomAccounts accounts = new ZoomAccounts(props(account("acct", "s", "id", "x")), 96.0, true, true);
        assertThat(accounts.simulatedDay()).isTrue();
        assertThat(accounts.find("acct").orElseThrow().budget().daily()).isEqualTo(60_000);
        assertThat(new ZoomAccounts(props(account("acct", "s", "id", "x")), 96.0).simulatedDay()).isFalse();
    }

    @Test
    void aFasterThanRealTimeSetupGivesTheBudgetTheQuotaOfEverySimulatedDayInARealOne() {
        ZoomAccounts accounts = new ZoomAccounts(props(account("acct", "s", "id", "x")), 30.0);
        ZoomProperties.Budget budget = accounts.find("acct").orElseThrow().budget();
        assertThat(budget.daily()).isEqualTo(1_800_000);
        assertThat(budget.perSecond()).as("the per-second cap is real time, never scaled").isEqualTo(16);
        assertThat(new ZoomAccounts(props(account("acct", "s", "id", "x"))).find("acct").orElseThrow()
                .budget().daily()).isEqualTo(60_000);
    }

    @Test
    void aMissingAccountIdNamesItsVariable() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account(" ", "s", "id", "secret"))))
                .hasMessageContaining("QOS_ZOOM_ACCOUNT_ID");
    }

    @Test
    void aMissingWebhookSecretNamesItsVariable() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("acct", " ", "id", "secret"))))
                .hasMessageContaining("QOS_ZOOM_WEBHOOK_SECRET");
    }

    @Test
    void withEventsOverTheWebSocketOnlyAnAccountNeedsNoWebhookSecret() {
        assertThat(new ZoomAccounts(props(account("acct", null, "id", "x")), 1.0, "websocket").find("acct")).isPresent();
        assertThatThrownBy(() -> new ZoomAccounts(props(account("acct", null, "id", "x")), 1.0, "webhook,websocket"))
                .hasMessageContaining("QOS_ZOOM_WEBHOOK_SECRET");
    }

    @Test
    void missingClientCredentialsNameTheirVariables() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("acct", "s", null, null))))
                .hasMessageContaining("QOS_ZOOM_CLIENT_ID");
        assertThatThrownBy(() -> new ZoomAccounts(props(account("acct", "s", "id", ""))))
                .hasMessageContaining("QOS_ZOOM_CLIENT_SECRET");
    }

    @Test
    void secretsNeverShowInTheAccountsText() {
        ZoomProperties.Account a = new ZoomAccounts(props(account("acct", "hook-secret", "id", "client-secret")))
                .find("acct").orElseThrow();
        assertThat(a.toString()).doesNotContain("hook-secret").doesNotContain("client-secret");
    }

    @Test
    void timeCannotRunSlowerThanReal() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("acct", "s", "id", "x")), 0.5))
                .hasMessageContaining("qos.time-scale");
    }

    @Test
    void accountIdsMustBeUnique() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("a", "s", "id", "x"), account("a", "t", "id", "x"))))
                .hasMessageContaining("unique");
    }
}
