package io.zoomqos.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

/** The standalone process: a fake Zoom for the account it is given. */
class SimulatorApplicationIT {

    @Test
    void servesTokensForTheConfiguredAccountOnItsOwn() {
        try (ConfigurableApplicationContext ctx = SimulatorApplication.run("--server.port=0",
                "--qos.simulator.webhook-enabled=false", "--QOS_ZOOM_ACCOUNT_ID=standalone-account")) {
            assertThat(ctx.getBeanNamesForType(SimulatedZoom.class)).hasSize(1);

            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            String basic = "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8));
            ResponseEntity<String> token = WebClient.create().post()
                    .uri(URI.create("http://127.0.0.1:" + port
                            + "/simulator/oauth/token?grant_type=account_credentials&account_id=standalone-account"))
                    .header("Authorization", basic)
                    .exchangeToMono(r -> r.toEntity(String.class))
                    .block(Duration.ofSeconds(10));
            assertThat(token.getStatusCode().value()).isEqualTo(200);
            assertThat(token.getBody()).contains("\"access_token\"");
        }
    }
}
