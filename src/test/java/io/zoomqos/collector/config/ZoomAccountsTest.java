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
    void theSimulatorFillsInItsOwnWebhookSecretAndCredentials() {
        ZoomAccounts accounts = new ZoomAccounts(props(account("demo-account", "", null, null)), true);
        ZoomProperties.Account a = accounts.find("demo-account").orElseThrow();
        assertThat(a.webhookSecret()).isEqualTo(ZoomAccounts.SIMULATOR_WEBHOOK_SECRET);
        assertThat(a.hasCredentials()).isTrue();
        assertThat(a.toString()).doesNotContain(ZoomAccounts.SIMULATOR_WEBHOOK_SECRET);
    }

    @Test
    void aSimulatorRunningFasterThanRealTimeGivesTheBudgetTheQuotaOfEverySimulatedDayInARealOne() {
        ZoomAccounts accounts = new ZoomAccounts(props(account("demo-account", "", null, null)), true, 30.0);
        ZoomProperties.Budget budget = accounts.find("demo-account").orElseThrow().budget();
        assertThat(budget.daily()).isEqualTo(1_800_000);
        assertThat(budget.perSecond()).as("the per-second cap is real time, never scaled").isEqualTo(16);
        assertThat(new ZoomAccounts(props(account("acct", "s", "id", "x")), false).find("acct").orElseThrow()
                .budget().daily()).isEqualTo(60_000);
    }

    @Test
    void withoutTheSimulatorAMissingWebhookSecretNamesItsVariable() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("acct", " ", "id", "secret")), false))
                .hasMessageContaining("QOS_ZOOM_WEBHOOK_SECRET");
    }

    @Test
    void withoutTheSimulatorTheDemoAccountIdNamesItsVariable() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("demo-account", "s", "id", "secret")), false))
                .hasMessageContaining("QOS_ZOOM_ACCOUNT_ID");
    }

    @Test
    void aClientIdWithoutItsSecretNamesItsVariable() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("acct", "s", "id", "")), false))
                .hasMessageContaining("QOS_ZOOM_CLIENT_SECRET");
    }

    @Test
    void accountIdsMustBeUnique() {
        assertThatThrownBy(() -> new ZoomAccounts(props(account("a", "s", "id", "x"), account("a", "t", "id", "x")), false))
                .hasMessageContaining("unique");
    }
}
