package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page as its browser tests use it, in {@link HeadlessChromium}: the steps a user takes
 * to open a live meeting and watch its charts fill, each waited for up to
 * {@link HeadlessChromium#PATIENCE}.
 */
final class LivePage {

    private final HeadlessChromium chromium;
    private final WebDriverWait wait;

    LivePage(HeadlessChromium chromium) {
        this.chromium = chromium;
        this.wait = chromium.await();
    }

    /** Waits for a meeting in the live list whose UUID {@code wanted} accepts, opens it, and waits for its detail. */
    void openLiveMeeting(Predicate<String> wanted) {
        WebElement meeting = wait.until(b -> b.findElements(By.cssSelector("#live-meetings li[data-uuid]")).stream()
                .filter(li -> wanted.test(li.getAttribute("data-uuid"))).findFirst().orElse(null));
        String title = meeting.findElement(By.cssSelector(".topic")).getText();
        meeting.click();
        wait.until(b -> title.equals(b.findElement(By.id("detail-title")).getText()));
    }

    /**
     * Waits until the open meeting's charts are drawn with points (from its history), then until
     * they hold more (from the SSE feed).
     */
    void awaitChartsThatKeepReceivingPoints() {
        long first = wait.until(b -> {
            long n = points(b);
            return n > 0 ? n : null;
        });
        long later = wait.until(b -> {
            long n = points(b);
            return n > first ? n : null;
        });
        assertThat(later).isGreaterThan(first);
        assertThat(chromium.driver().findElements(By.cssSelector(".participant canvas"))).as("charts").isNotEmpty();
    }

    /** The samples the page has received through its SSE feed. */
    long liveSamples() {
        return ((Number) chromium.js("return window.qosPage.liveSamples")).longValue();
    }

    /** The points the open meeting's charts hold. */
    private static long points(WebDriver browser) {
        String value = browser.findElement(By.id("detail-points")).getAttribute("data-points");
        return value == null ? 0 : Long.parseLong(value);
    }
}
