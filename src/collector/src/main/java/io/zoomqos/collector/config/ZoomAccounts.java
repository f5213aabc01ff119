package io.zoomqos.collector.config;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The accounts as the running service sees them: {@link ZoomProperties} after start-up checks.
 * Everything that needs an account asks this, not the raw properties. A start without an
 * account id, a webhook secret or S2S credentials stops here with a message naming the
 * environment variable: the product never plays Zoom itself (only the demo wires a simulator).
 */
@Component
public class ZoomAccounts {

    private static final Logger log = LoggerFactory.getLogger(ZoomAccounts.class);

    private final ZoomProperties properties;
    private final List<ZoomProperties.Account> accounts;
    private final double timeScale;
    private final boolean webhookSecretRequired;
    private final boolean simulatedDay;

    /**
     * @param timeScale {@code qos.time-scale}: how much faster than real time meetings run (1 against
     *     real Zoom; the demo's simulator runs k times faster). k simulated days pass per real day
     *     and a simulator resets its daily quota at each simulated midnight, so per real day the
     *     account may spend k times its daily quota; the budget, which paces the quota over real
     *     time until 00:00 UTC, is given that much.
     */
    @Autowired
    public ZoomAccounts(ZoomProperties properties, @Value("${qos.time-scale:1}") double timeScale,
                        @Value("${qos.zoom.events.delivery:webhook}") String delivery,
                        @Value("${qos.simulated-day:false}") boolean simulatedDay) {
        this(properties, timeScale, delivery.toLowerCase(java.util.Locale.ROOT).contains("webhook"), simulatedDay);
    }

    public ZoomAccounts(ZoomProperties properties, double timeScale, String delivery) {
        this(properties, timeScale, delivery, false);
    }

    /**
     * @param webhookSecretRequired false when events arrive over the WebSocket only: nothing then
     *     verifies webhook signatures, and a start without a secret is legitimate
     */
    public ZoomAccounts(ZoomProperties properties, double timeScale, boolean webhookSecretRequired) {
        this(properties, timeScale, webhookSecretRequired, false);
    }

    /**
     * @param simulatedDay {@code qos.simulated-day}: the application's {@link java.time.Clock} bean is the
     *     simulator's own clock, so the budget lives in the simulated day (its 00:00 UTC, its pacing,
     *     its per-second window: {@code budget.per-second} is then per simulated second) and each
     *     account's daily quota is one simulated day's, as configured (the day harness)
     */
    public ZoomAccounts(ZoomProperties properties, double timeScale, boolean webhookSecretRequired,
                        boolean simulatedDay) {
        this.simulatedDay = simulatedDay;
        this.webhookSecretRequired = webhookSecretRequired;
        if (timeScale < 1.0) {
            throw new IllegalStateException("qos.time-scale must be at least 1, was " + timeScale);
        }
        this.properties = properties;
        this.timeScale = timeScale;
        this.accounts = properties.accounts().stream().map(this::checked).toList();
        long distinct = accounts.stream().map(ZoomProperties.Account::id).distinct().count();
        if (distinct != accounts.size()) {
            throw new IllegalStateException("qos.zoom.accounts: account ids must be unique");
        }
        accounts.forEach(a -> log.info("zoom account configured account={} budget={}", a.id(), a.budget()));
    }

    /** Webhook delivery, at {@code timeScale}. */
    public ZoomAccounts(ZoomProperties properties, double timeScale) {
        this(properties, timeScale, true);
    }

    /** Against real Zoom: time runs at its own pace. */
    public ZoomAccounts(ZoomProperties properties) {
        this(properties, 1.0);
    }

    private ZoomProperties.Account checked(ZoomProperties.Account account) {
        if (blank(account.id())) {
            throw new IllegalStateException("QOS_ZOOM_ACCOUNT_ID (qos.zoom.accounts[].id) is not set: name the Zoom account"
                    + " whose QoS is collected");
        }
        if (webhookSecretRequired) {
            requireSet(account, account.webhookSecret(), "QOS_ZOOM_WEBHOOK_SECRET", "webhook-secret");
        }
        requireSet(account, account.clientId(), "QOS_ZOOM_CLIENT_ID", "client-id");
        requireSet(account, account.clientSecret(), "QOS_ZOOM_CLIENT_SECRET", "client-secret");
        return timeScale > 1.0 && !simulatedDay ? scaledDaily(account) : account;
    }

    private static void requireSet(ZoomProperties.Account account, String value, String variable, String property) {
        if (blank(value)) {
            throw new IllegalStateException(variable + " (qos.zoom.accounts[id=" + account.id() + "]." + property
                    + ") is not set");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private ZoomProperties.Account scaledDaily(ZoomProperties.Account a) {
        ZoomProperties.Budget b = a.budget();
        return new ZoomProperties.Account(a.id(), a.webhookSecret(), a.clientId(), a.clientSecret(),
                new ZoomProperties.Budget(b.perSecond(), b.headroom(), (long) Math.ceil(b.daily() * timeScale),
                        b.sweepReserve()));
    }

    public List<ZoomProperties.Account> all() {
        return accounts;
    }

    public Optional<ZoomProperties.Account> find(String accountId) {
        return accounts.stream().filter(a -> a.id().equals(accountId)).findFirst();
    }

    /** How much faster than real time meetings run ({@code qos.time-scale}; 1 against real Zoom). */
    public double timeScale() {
        return timeScale;
    }

    /** Whether the budget lives in the simulator's day ({@code qos.simulated-day}) rather than the real one. */
    public boolean simulatedDay() {
        return simulatedDay;
    }

    public ZoomProperties properties() {
        return properties;
    }
}
