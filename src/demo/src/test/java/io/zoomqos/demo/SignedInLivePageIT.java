package io.zoomqos.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoomqos.collector.support.TestDatabase;
import io.zoomqos.collector.support.TestIssuer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The live page with sign-in on, as a browser user meets it: the demo with {@code QOS_AUTH_DISABLED=false}
 * and a real OIDC issuer (Spring Authorization Server, {@link TestIssuer}). Chromium opens the page,
 * is sent to the issuer's sign-in form, types the user's name and password, comes back through the
 * authorization code flow with PKCE holding a session cookie, and sees a live meeting whose charts
 * keep receiving points over SSE (the page's {@code EventSource} authenticates with that session).
 * Signing out ends the session here and at the issuer: the old cookie opens nothing, and the page
 * asks for the sign-in again. The console logs no error throughout.
 */
@LiveMeetingsOutlastTheTest
@DemoEndToEndTest(properties = {
        "qos.auth.disabled=false",
        "qos.auth.client-id=" + TestIssuer.PAGE_CLIENT,
        "qos.simulator.seed=12"})
class SignedInLivePageIT {

    /** WebFlux's session cookie. */
    static final String SESSION = "SESSION";

    private static TestIssuer issuer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        if (issuer == null) {
            // A loopback redirect URI: the issuer accepts it on any port (OAuth 2.1), so the page's
            // random port need not be known before the issuer starts.
            issuer = TestIssuer.start("http://127.0.0.1/login/oauth2/code/qos");
        }
        registry.add("qos.auth.issuer-uri", issuer::issuerUri);
    }

    @AfterAll
    static void stopIssuer() {
        if (issuer != null) {
            issuer.close();
            issuer = null;
        }
    }

    @LocalServerPort
    int port;

    HeadlessChromium chromium;
    ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        issuer.allowPostLogoutRedirect(page() + "/");
        chromium = HeadlessChromium.start();
        browser = chromium.driver();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** 127.0.0.1, not localhost: the issuer refuses {@code localhost} redirect URIs. */
    private String page() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void signsInThroughTheIssuerSeesLiveDataAndSignsOut() throws IOException {
        WebDriverWait wait = chromium.await();

        browser.get(page() + "/");
        signInAtTheIssuer(wait);

        // Back on the page, signed in: a session cookie the page's scripts cannot read.
        wait.until(b -> b.getCurrentUrl().startsWith(page() + "/"));
        Cookie session = browser.manage().getCookieNamed(SESSION);
        assertThat(session).as("session cookie").isNotNull();
        assertThat(session.isHttpOnly()).isTrue();

        LivePage page = new LivePage(chromium);
        page.openLiveMeeting(uuid -> true);
        page.awaitChartsThatKeepReceivingPoints();
        assertThat(page.liveSamples()).as("samples that arrived through the SSE feed, authenticated by the session")
                .isPositive();
        // The page asks for openid, profile and qos.read only: no budget (qos.admin), and people by
        // pseudonyms (no qos.read.pii).
        assertThat(browser.findElement(By.id("budget")).isDisplayed()).as("budget gauge").isFalse();
        assertThat(browser.findElements(By.cssSelector(".participant .name")).stream().map(WebElement::getText).toList())
                .isNotEmpty().allMatch(name -> name.startsWith("participant "));
        chromium.screenshot("live-page-signed-in.png");

        // The session opens the API to a script that holds the cookie, until sign-out.
        anonymousClient().get().uri("/api/v1/meetings").cookie(SESSION, session.getValue())
                .accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk();

        WebElement signOut = wait.until(b -> b.findElements(By.cssSelector("#sign-out button")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        signOut.click();
        // Signed out at the issuer too (OIDC RP-initiated logout): coming back asks for the sign-in again.
        wait.until(b -> b.getCurrentUrl().equals(page() + "/") || atIssuerSignIn(b.getCurrentUrl()));
        browser.get(page() + "/");
        wait.until(b -> atIssuerSignIn(b.getCurrentUrl()));
        assertThat(browser.findElements(By.name("password"))).isNotEmpty();

        anonymousClient().get().uri("/api/v1/meetings").cookie(SESSION, session.getValue())
                .accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();

        assertThat(chromium.consoleErrors()).as("browser console errors").isEmpty();
    }

    private void signInAtTheIssuer(WebDriverWait wait) {
        wait.until(b -> atIssuerSignIn(b.getCurrentUrl()));
        browser.findElement(By.name("username")).sendKeys(TestIssuer.USER);
        browser.findElement(By.name("password")).sendKeys(TestIssuer.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private boolean atIssuerSignIn(String url) {
        return url.startsWith(issuer.issuerUri() + "/login");
    }

    private WebTestClient anonymousClient() {
        return WebTestClient.bindToServer().baseUrl(page()).responseTimeout(Duration.ofSeconds(30)).build();
    }
}
