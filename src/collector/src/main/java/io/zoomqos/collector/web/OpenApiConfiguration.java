package io.zoomqos.collector.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The fixed parts of the OpenAPI document ({@code /v3/api-docs}, committed as docs/openapi.json):
 * the server is relative, so the document is the same on every host and port.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI collectorOpenApi() {
        return new OpenAPI()
                .info(new Info().title("zoom-qos-collector read API").version("v1")
                        .description("Meetings, per-participant QoS minutes, summaries, the live feed, budget and polling."
                                + " Errors are RFC 9457 problem details (application/problem+json)."))
                .servers(List.of(new Server().url("/")))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("a JWT of the OIDC issuer (QOS_AUTH_ISSUER_URI) or a static token (QOS_API_TOKENS);"
                                + " scopes qos.read, qos.read.pii, qos.admin")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
