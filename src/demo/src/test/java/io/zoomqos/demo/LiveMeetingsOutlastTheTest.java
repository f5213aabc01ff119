package io.zoomqos.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The simulator of the live page's browser tests: three meetings at 60x that start within a
 * simulated minute and stay live for the whole test, polled every simulated minute, with the
 * collector reloading its meetings every 2 real seconds and taking the account at once (a lease
 * renewed every real second).
 *
 * <p>These settings win over a test's own {@link DemoEndToEndTest#properties()}, as
 * {@link SweptSoonAfterTheEnd}'s do; {@link DemoEndToEndTestTest} checks that none is overridden so.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = {
        "qos.simulator.time-scale=60",
        "qos.simulator.meetings=3",
        "qos.simulator.start-window=1m",
        "qos.simulator.continuous=false",
        // 6-7 real minutes: simulated time starts with the simulator bean, and on a loaded machine the
        // rest of the context and the browser can take minutes more; the meetings must still be live then.
        "qos.simulator.duration-min=360m",
        "qos.simulator.duration-max=420m",
        "qos.poll.interval=1m",
        "qos.poll.reload-interval=2s",
        "qos.cluster.renew-every=1s",
        "qos.cluster.safety-margin=1s"})
@interface LiveMeetingsOutlastTheTest {
}
