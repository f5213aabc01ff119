package io.zoomqos.collector.config;

import org.springframework.core.env.Environment;

/**
 * Decides whether the built-in Zoom simulator plays Zoom.
 *
 * <p>{@code qos.simulator.enabled} ({@code QOS_SIMULATOR}) forces it on or off; when it is
 * blank the simulator runs only if no account has a client id, so that the default
 * {@code ./mvnw spring-boot:run} is self-contained, and a configured Zoom account never
 * sees simulated traffic.
 */
public final class SimulatorMode {

    public static final String PROPERTY = "qos.simulator.enabled";

    private SimulatorMode() {
    }

    public static boolean isOn(Environment environment) {
        String forced = environment.getProperty(PROPERTY, "").trim();
        if (!forced.isEmpty()) {
            return Boolean.parseBoolean(forced) || forced.equalsIgnoreCase("on");
        }
        for (int i = 0; environment.containsProperty("qos.zoom.accounts[" + i + "].id"); i++) {
            String clientId = environment.getProperty("qos.zoom.accounts[" + i + "].client-id", "");
            if (!clientId.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
