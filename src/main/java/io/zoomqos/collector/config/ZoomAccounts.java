package io.zoomqos.collector.config;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The accounts as the running service sees them: {@link ZoomProperties} after start-up checks,
 * with the simulator's own webhook secret filled in when the simulator plays Zoom and no secret
 * was given. Everything that needs an account asks this, not the raw properties.
 */
@Component
public class ZoomAccounts {

    /** Not a secret: only ever used between the collector and its built-in simulator. */
    public static final String SIMULATOR_WEBHOOK_SECRET = "simulator-webhook-secret-not-for-zoom";

    /** The account id of the default configuration, meaningful only to the simulator. */
    public static final String DEMO_ACCOUNT_ID = "demo-account";

    /** S2S OAuth credentials the simulator is given by accounts that have none (it takes any). */
    public static final String SIMULATOR_CLIENT_ID = "simulator-client";

    private static final Logger log = LoggerFactory.getLogger(ZoomAccounts.class);

    private final ZoomProperties properties;
    private final List<ZoomProperties.Account> accounts;
    private final boolean simulated;
    private final double simulatedTimeScale;

    @Autowired
    public ZoomAccounts(ZoomProperties properties, Environment environment) {
        this(properties, SimulatorMode.isOn(environment),
                SimulatorMode.isOn(environment) ? environment.getProperty("qos.simulator.time-scale", Double.class, 1.0) : 1.0);
    }

    public ZoomAccounts(ZoomProperties properties, boolean simulated) {
        this(properties, simulated, 1.0);
    }

    /**
     * @param simulatedTimeScale how much faster than real time the simulator runs (1 without it).
     *     k simulated days pass per real day, and the simulator resets its daily quota at each
     *     simulated midnight, so per real day the account may spend k times its daily quota; the
     *     budget, which paces the quota over real time until 00:00 UTC, is given that much.
     */
    public ZoomAccounts(ZoomProperties properties, boolean simulated, double simulatedTimeScale) {
        this.properties = properties;
        this.simulated = simulated;
        this.simulatedTimeScale = simulatedTimeScale;
        this.accounts = properties.accounts().stream().map(this::checked).toList();
        long distinct = accounts.stream().map(ZoomProperties.Account::id).distinct().count();
        if (distinct != accounts.size()) {
            throw new IllegalStateException("qos.zoom.accounts: account ids must be unique");
        }
        accounts.forEach(a -> log.info("zoom account configured account={} credentials={} simulated={} budget={}",
                a.id(), a.hasCredentials(), simulated, a.budget()));
    }

    /**
     * With the simulator playing Zoom, missing webhook secrets and client credentials are filled
     * with the simulator's; without it, a missing secret stops the start-up naming the property.
     */
    private ZoomProperties.Account checked(ZoomProperties.Account account) {
        boolean noSecret = account.webhookSecret() == null || account.webhookSecret().isBlank();
        if (simulated) {
            return new ZoomProperties.Account(account.id(),
                    noSecret ? SIMULATOR_WEBHOOK_SECRET : account.webhookSecret(),
                    account.hasCredentials() ? account.clientId() : SIMULATOR_CLIENT_ID,
                    account.hasCredentials() ? account.clientSecret() : SIMULATOR_CLIENT_ID,
                    simulatedTimeScale > 1.0 ? scaledDaily(account.budget()) : account.budget());
        }
        if (DEMO_ACCOUNT_ID.equals(account.id())) {
            throw new IllegalStateException("qos.zoom.accounts[0].id (QOS_ZOOM_ACCOUNT_ID) must name your Zoom account"
                    + " when the simulator is off; '" + DEMO_ACCOUNT_ID + "' is the simulator's");
        }
        if (noSecret) {
            throw new IllegalStateException("qos.zoom.accounts[id=" + account.id()
                    + "].webhook-secret (QOS_ZOOM_WEBHOOK_SECRET) must be set when the simulator is off");
        }
        if (account.hasCredentials() && (account.clientSecret() == null || account.clientSecret().isBlank())) {
            throw new IllegalStateException("qos.zoom.accounts[id=" + account.id()
                    + "].client-secret (QOS_ZOOM_CLIENT_SECRET) must be set with a client id");
        }
        return account;
    }

    private ZoomProperties.Budget scaledDaily(ZoomProperties.Budget b) {
        return new ZoomProperties.Budget(b.perSecond(), b.headroom(), (long) Math.ceil(b.daily() * simulatedTimeScale),
                b.sweepReserve());
    }

    public List<ZoomProperties.Account> all() {
        return accounts;
    }

    public Optional<ZoomProperties.Account> find(String accountId) {
        return accounts.stream().filter(a -> a.id().equals(accountId)).findFirst();
    }

    /** How much faster than real time the simulator's days run (1 without the simulator). */
    public double simulatedTimeScale() {
        return simulatedTimeScale;
    }

    /** True when the built-in simulator plays Zoom for every account. */
    public boolean simulated() {
        return simulated;
    }

    public ZoomProperties properties() {
        return properties;
    }
}
