package io.zoomqos.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * A test of the whole demo (collector, simulator, database) served on a random port, with the
 * settings of the test itself in {@link #properties()}.
 *
 * <p>It says the application is reactive once for every demo test: the tests' OIDC issuer
 * ({@code TestIssuer}) puts Spring MVC on the class path, and Spring Boot's test bootstrapper
 * picks the application type from the class path and the test's inlined properties only, never
 * from {@code application.yml} nor from a properties file. {@link DemoEndToEndTestTest} shows it
 * applies.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ActiveProfiles(DemoApplication.PROFILE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.main.web-application-type=reactive")
public @interface DemoEndToEndTest {

    /** This test's own settings, as {@link SpringBootTest#properties()}; none may be one of {@link SweptSoonAfterTheEnd}'s. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};
}
