package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live page in a real browser (headless Chromium) against the whole service: the demo's
 * simulator at 60x plays a few meetings, the pipeline polls them, and the page must list a live
 * meeting, draw its participants' charts from history and keep adding points from the SSE feed,
 * show hostile names as text, and log no error in the browser console. Leaves a screenshot in
 * {@code target/screenshots/live-page.png}.
 */
@LiveMeetingsOutlastTheTest
@DemoEndToEndTest(properties = "qos.simulator.seed=11")
class LivePageIT {

    /** An ended meeting whose topic and participant name are markup: the page must show them as text. */
    static final String HOSTILE_UUID = "xss/Meeting+Uuid==";
    static final String HOSTILE_TOPIC = "<b id=\"xss-topic\">Injected</b> & co";
    static final String HOSTILE_NAME = "<i id=\"xss-name\">Mallory</i>";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    HeadlessChromium chromium;
    ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void showsLiveMeetingsAndChartsThatKeepReceivingPointsWithoutConsoleErrors() throws IOException {
        insertHostileMeeting();
        browser.get("http://localhost:" + port + "/");
        WebDriverWait wait = chromium.await();

        assertThat((Boolean) js("return typeof uPlot === 'function'"))
                .as("uPlot served from the webjar").isTrue();

        // Hostile text is shown as text, never parsed.
        WebElement hostile = wait.until(b -> b.findElements(By.cssSelector("#ended-meetings li[data-uuid]")).stream()
                .filter(li -> HOSTILE_UUID.equals(li.getAttribute("data-uuid"))).findFirst().orElse(null));
        assertThat(hostile.findElement(By.cssSelector(".topic")).getText()).isEqualTo(HOSTILE_TOPIC);
        assertThat(browser.findElements(By.id("xss-topic"))).isEmpty();
        hostile.click();
        WebElement name = wait.until(b -> b.findElements(By.cssSelector(".participant .name")).stream()
                .filter(n -> HOSTILE_NAME.equals(n.getText())).findFirst().orElse(null));
        assertThat(name).isNotNull();
        assertThat(browser.findElements(By.id("xss-name"))).isEmpty();

        // A simulated meeting: it appears live, and its charts fill from history, then from the feed.
        LivePage page = new LivePage(chromium);
        page.openLiveMeeting(uuid -> !HOSTILE_UUID.equals(uuid));
        page.awaitChartsThatKeepReceivingPoints();
        assertThat(page.liveSamples()).as("samples that arrived through the SSE feed").isPositive();
        assertThat(browser.findElements(By.cssSelector(".participant")).size())
                .as("participant cards").isGreaterThanOrEqualTo(2);
        wait.until(b -> !b.findElements(By.cssSelector("#budget .bar")).isEmpty());
        wait.until(b -> !b.findElement(By.cssSelector(".meeting-list li.selected .badge")).getText().equals("no data yet"));

        chromium.screenshot("live-page.png");
        assertThat(chromium.consoleErrors()).as("browser console errors").isEmpty();
    }

    private Object js(String script) {
        return chromium.js(script);
    }

    private void insertHostileMeeting() {
        db.sql("INSERT INTO meeting (meeting_uuid, meeting_id, account_id, topic, state, start_time, end_time, participant_count) "
                        + "VALUES ($1, 1, 'demo-account', $2, 'ended', now() - interval '5 minutes', now(), 0)")
                .bind(0, HOSTILE_UUID).bind(1, HOSTILE_TOPIC).then().block(Duration.ofSeconds(10));
        db.sql("INSERT INTO participant (meeting_uuid, participant_key, user_name) VALUES ($1, 'u:1', $2)")
                .bind(0, HOSTILE_UUID).bind(1, HOSTILE_NAME).then().block(Duration.ofSeconds(10));
    }
}
