package io.zoomqos.collector.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Stops a start-up that lacks what production needs, before any bean (or database connection)
 * exists, naming every missing environment variable at once. The product never falls back to
 * something of its own: no embedded database, no simulated Zoom (those are the demo's).
 */
public final class RequiredSettings implements BeanFactoryPostProcessor {

    private final Environment environment;

    public RequiredSettings(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(missing);
        }
    }

    /** One line per missing setting: the variable, its property and what it is. */
    static List<String> missing(Environment env) {
        List<String> missing = new ArrayList<>();
        if (env.getProperty("QOS_SIMULATOR", "").trim().equalsIgnoreCase("true")) {
            missing.add("QOS_SIMULATOR=true: the simulator ships only in the demo (./mvnw spring-boot:run); unset it");
        }
        // Scaled time multiplies the daily quota the budget believes in; only a simulator grants that.
        String api = env.getProperty("qos.zoom.api-url", "https://api.zoom.us/v2");
        String host = java.util.Objects.requireNonNullElse(java.net.URI.create(api.trim()).getHost(), "");
        boolean realZoom = host.equals("zoom.us") || host.endsWith(".zoom.us");
        boolean scaled = env.getProperty("qos.time-scale", Double.class, 1.0) != 1.0
                || env.getProperty("qos.simulated-day", Boolean.class, false);
        if (realZoom && scaled) {
            missing.add("qos.time-scale / qos.simulated-day: simulated time is for a simulator, but QOS_ZOOM_API_URL"
                    + " (qos.zoom.api-url) is Zoom's (" + api + "); unset them");
        }
        require(env, missing, "qos.db.url", "QOS_DB_URL", "R2DBC URL of the PostgreSQL all replicas share,"
                + " e.g. r2dbc:postgresql://postgres:5432/qos");
        int accounts = 0;
        while (env.containsProperty("qos.zoom.accounts[" + accounts + "].id")) {
            accounts++;
        }
        String delivery = env.getProperty("qos.zoom.events.delivery", "webhook").toLowerCase(java.util.Locale.ROOT);
        // Nothing listens for Zoom's POSTs when events come over the WebSocket only.
        boolean webhook = delivery.contains("webhook");
        if (delivery.contains("websocket")) {
            require(env, missing, "qos.zoom.events.websocket.subscription-id", "QOS_ZOOM_WS_SUBSCRIPTION_ID",
                    "the app's WebSocket event subscription id (QOS_ZOOM_EVENTS includes websocket)");
        }
        for (int i = 0; i < Math.max(1, accounts); i++) {
            String p = "qos.zoom.accounts[" + i + "].";
            require(env, missing, p + "id", "QOS_ZOOM_ACCOUNT_ID", "the Zoom account whose QoS is collected");
            if (webhook) {
                require(env, missing, p + "webhook-secret", "QOS_ZOOM_WEBHOOK_SECRET", "the app's webhook secret token");
            }
            require(env, missing, p + "client-id", "QOS_ZOOM_CLIENT_ID", "Server-to-Server OAuth client id");
            require(env, missing, p + "client-secret", "QOS_ZOOM_CLIENT_SECRET", "Server-to-Server OAuth client secret");
        }
        boolean open = env.getProperty("qos.auth.disabled", "false").trim().equalsIgnoreCase("true");
        if (!open && env.getProperty("qos.auth.issuer-uri", "").isBlank() && env.getProperty("qos.auth.api-tokens", "").isBlank()) {
            missing.add("QOS_AUTH_ISSUER_URI (qos.auth.issuer-uri), QOS_API_TOKENS (qos.auth.api-tokens) or QOS_AUTH_DISABLED=true"
                    + " (qos.auth.disabled): who may read the API, the live feed and the page; closed by default");
        }
        return missing;
    }

    private static void require(Environment env, List<String> missing, String property, String variable, String what) {
        if (env.getProperty(property, "").isBlank()) {
            missing.add(variable + " (" + property + "): " + what);
        }
    }

    /** Thrown when settings are missing; {@link MissingSettingsFailureAnalyzer} prints it without a stack trace. */
    public static final class MissingSettingsException extends IllegalStateException {

        private final List<String> missing;

        MissingSettingsException(List<String> missing) {
            super("missing configuration: " + String.join("; ", missing));
            this.missing = List.copyOf(missing);
        }

        public List<String> missing() {
            return missing;
        }
    }
}
