package io.zoomqos.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RequiredSettingsTest {

    private static MockEnvironment complete() {
        return new MockEnvironment()
                .withProperty("qos.db.url", "r2dbc:postgresql://db:5432/qos")
                .withProperty("qos.zoom.accounts[0].id", "acct")
                .withProperty("qos.zoom.accounts[0].webhook-secret", "s")
                .withProperty("qos.zoom.accounts[0].client-id", "id")
                .withProperty("qos.zoom.accounts[0].client-secret", "x")
                .withProperty("qos.auth.api-tokens", "sha256:" + "ab".repeat(32));
    }

    @Test
    void anEmptyEnvironmentNamesEveryMissingVariableAtOnce() {
        assertThat(RequiredSettings.missing(new MockEnvironment()))
                .anySatisfy(m -> assertThat(m).startsWith("QOS_DB_URL"))
                .anySatisfy(m -> assertThat(m).startsWith("QOS_ZOOM_ACCOUNT_ID"))
                .anySatisfy(m -> assertThat(m).startsWith("QOS_ZOOM_WEBHOOK_SECRET"))
                .anySatisfy(m -> assertThat(m).startsWith("QOS_ZOOM_CLIENT_ID"))
                .anySatisfy(m -> assertThat(m).startsWith("QOS_ZOOM_CLIENT_SECRET"))
                .anySatisfy(m -> assertThat(m).startsWith("QOS_AUTH_ISSUER_URI").contains("QOS_API_TOKENS")
                        .contains("QOS_AUTH_DISABLED=true"));
    }

    @Test
    void aStartWithNoWayToAuthenticateStopsNamingTheThreeChoices() {
        MockEnvironment env = complete().withProperty("qos.auth.api-tokens", "");
        assertThat(RequiredSettings.missing(env)).singleElement().asString()
                .startsWith("QOS_AUTH_ISSUER_URI").contains("QOS_API_TOKENS").contains("QOS_AUTH_DISABLED=true");
        assertThat(RequiredSettings.missing(env.withProperty("qos.auth.issuer-uri", "https://login.example.com"))).isEmpty();
        assertThat(RequiredSettings.missing(complete().withProperty("qos.auth.api-tokens", "")
                .withProperty("qos.auth.disabled", "true"))).isEmpty();
    }

    @Test
    void aBlankDatabaseUrlStopsTheStartBeforeAnyBeanExists() {
        RequiredSettings check = new RequiredSettings(complete().withProperty("qos.db.url", " "));
        assertThatThrownBy(() -> check.postProcessBeanFactory(null))
                .isInstanceOf(RequiredSettings.MissingSettingsException.class)
                .hasMessageContaining("QOS_DB_URL");
    }

    @Test
    void everyListedAccountNeedsItsCredentials() {
        MockEnvironment env = complete().withProperty("qos.zoom.accounts[1].id", "second")
                .withProperty("qos.zoom.accounts[1].webhook-secret", "t");
        assertThat(RequiredSettings.missing(env)).containsExactly(
                "QOS_ZOOM_CLIENT_ID (qos.zoom.accounts[1].client-id): Server-to-Server OAuth client id",
                "QOS_ZOOM_CLIENT_SECRET (qos.zoom.accounts[1].client-secret): Server-to-Server OAuth client secret");
    }

    @Test
    void theSimulatorCannotBeTurnedOnInTheProduct() {
        assertThat(RequiredSettings.missing(complete().withProperty("QOS_SIMULATOR", "true")))
                .singleElement().asString().contains("only in the demo");
    }

    @Test
    void aCompleteConfigurationPasses() {
        assertThat(RequiredSettings.missing(complete())).isEmpty();
    }

    @Test
    void withEventsOverTheWebSocketOnlyNoWebhookSecretIsNeededButTheSubscriptionIs() {
        MockEnvironment env = complete().withProperty("qos.zoom.accounts[0].webhook-secret", "")
                .withProperty("qos.zoom.events.delivery", "websocket");
        assertThat(RequiredSettings.missing(env)).singleElement().asString().startsWith("QOS_ZOOM_WS_SUBSCRIPTION_ID");

        assertThat(RequiredSettings.missing(env.withProperty("qos.zoom.events.websocket.subscription-id", "sub"))).isEmpty();
    }

    @Test
    void withBothDeliveriesTheWebhookSecretIsStillNeeded() {
        MockEnvironment env = complete().withProperty("qos.zoom.accounts[0].webhook-secret", "")
                .withProperty("qos.zoom.events.delivery", "webhook,websocket")
                .withProperty("qos.zoom.events.websocket.subscription-id", "sub");
        assertThat(RequiredSettings.missing(env)).singleElement().asString().startsWith("QOS_ZOOM_WEBHOOK_SECRET");
    }

    @Test
    void refusesSimulatedTimeAgainstZoomItself() {
        assertThat(RequiredSettings.missing(complete().withProperty("qos.time-scale", "30")))
                .singleElement().asString().contains("qos.time-scale").contains("api.zoom.us");
        assertThat(RequiredSettings.missing(complete().withProperty("qos.simulated-day", "true")))
                .singleElement().asString().contains("qos.simulated-day");
        assertThat(RequiredSettings.missing(complete().withProperty("qos.time-scale", "30")
                .withProperty("qos.zoom.api-url", "http://127.0.0.1:8089/v2"))).isEmpty();
    }
}
