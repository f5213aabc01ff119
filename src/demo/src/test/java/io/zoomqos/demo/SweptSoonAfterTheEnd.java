package io.zoomqos.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The pace of a demo test that follows meetings to their final sweeps: Zoom's past data is ready a
 * simulated minute after a meeting ends, the collector sweeps 20 simulated seconds after the end
 * and retries within a minute, and its instance takes and keeps the account with a lease renewed
 * every real second, so a test need not wait long for any of it.
 *
 * <p>These settings win over a test's own {@link DemoEndToEndTest#properties()} (Spring ranks
 * {@code @TestPropertySource} above {@code @SpringBootTest}): a test that needs another value of
 * one of them does without this annotation. {@link DemoEndToEndTestTest} checks that none is
 * overridden so.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = {
        "qos.simulator.past-data-delay=1m",
        "qos.poll.sweep-delay=20s",
        "qos.poll.sweep-retry-first=30s",
        "qos.poll.sweep-retry-max=1m",
        "qos.cluster.renew-every=1s",
        "qos.cluster.safety-margin=1s"})
public @interface SweptSoonAfterTheEnd {
}
