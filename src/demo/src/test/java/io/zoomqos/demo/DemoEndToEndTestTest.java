package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.context.ReactiveWebMergedContextConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.BootstrapUtils;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.test.context.web.WebMergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * The shared test settings really apply, read from the configuration Spring's test bootstrapper
 * merges for each test class (no context is started): every demo {@code @SpringBootTest} gets a
 * reactive application, which without {@link DemoEndToEndTest} it would not, and no shared
 * setting ({@link SweptSoonAfterTheEnd}'s, {@link LiveMeetingsOutlastTheTest}'s: they rank above a
 * test's own) silently replaces one of the test's own.
 */
class DemoEndToEndTestTest {

    @Test
    void everyDemoSpringBootTestIsReactive() {
        List<Class<?>> tests = springBootTestsOfTheDemo();
        assertThat(tests).as("demo @SpringBootTest classes").hasSizeGreaterThanOrEqualTo(10);
        for (Class<?> test : tests) {
            assertThat(merged(test)).as(test.getName()).isInstanceOf(ReactiveWebMergedContextConfiguration.class);
        }
    }

    @Test
    void withoutTheSharedSettingTheTestIssuersSpringMvcMakesItAServletApplication() {
        assertThat(merged(WithoutDemoEndToEndTest.class)).isInstanceOf(WebMergedContextConfiguration.class);
    }

    @Test
    void noSharedSettingOverridesATestsOwn() {
        for (Class<?> test : springBootTestsOfTheDemo()) {
            Map<String, Object> own = TestPropertySourceUtils.convertInlinedPropertiesToMap(
                    MergedAnnotations.from(test, SearchStrategy.TYPE_HIERARCHY).get(SpringBootTest.class)
                            .getStringArray("properties"));
            assertThat(resolved(test)).as(test.getName()).containsAllEntriesOf(own);
        }
    }

    @Test
    void theSharedSettingsApply() {
        assertThat(resolved(PipelineEndToEndIT.class)).containsEntry("qos.poll.sweep-delay", "20s")
                .containsEntry("qos.cluster.renew-every", "1s");
        assertThat(resolved(SignedInLivePageIT.class)).containsEntry("qos.simulator.duration-min", "360m")
                .containsEntry("qos.simulator.seed", "12").containsEntry("qos.auth.disabled", "false");
    }

    /** The test's inlined properties as its environment will see them (the last of a name wins). */
    private static Map<String, Object> resolved(Class<?> test) {
        return TestPropertySourceUtils.convertInlinedPropertiesToMap(merged(test).getPropertySourceProperties());
    }

    private static MergedContextConfiguration merged(Class<?> test) {
        return BootstrapUtils.resolveTestContextBootstrapper(test).buildMergedContextConfiguration();
    }

    private static List<Class<?>> springBootTestsOfTheDemo() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(SpringBootTest.class));
        return scanner.findCandidateComponents("io.zoomqos.demo").stream()
                .map(BeanDefinition::getBeanClassName)
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, DemoEndToEndTestTest.class.getClassLoader()))
                .filter(c -> c.getEnclosingClass() != DemoEndToEndTestTest.class)
                .toList();
    }

    /** A demo test as they were written before {@link DemoEndToEndTest}, without the line it shares. */
    @ActiveProfiles(DemoApplication.PROFILE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    static class WithoutDemoEndToEndTest {
    }
}
