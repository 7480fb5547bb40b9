package dev.agora.defaults.openapi;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The document-wide parts: the RFC 9457 problem schema every error response refers to, the bearer
 * scheme, and no server list (the merged contract is served under the gateway's own origin).
 */
final class ContractDocumentCustomizer implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.setServers(null);
        if (openApi.getInfo() == null || "OpenAPI definition".equals(openApi.getInfo().getTitle())) {
            openApi.setInfo(new Info().title("Agora API").version("v1"));
        }
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        if (components.getSchemas() != null) {
            components.getSchemas().keySet().removeIf(name -> name.endsWith("AgoraPrincipal"));
            components.getSchemas().values().forEach(PatternEnums::apply);
        }
        components.addSecuritySchemes(ContractOperationCustomizer.BEARER, new SecurityScheme()
            .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
            .description("An access token from POST /api/v1/auth/login or /auth/refresh (15 minutes)."));
        components.addSchemas(FIELD_ERROR, new ObjectSchema()
            .addProperty("field", new StringSchema().description("the field, header or parameter at fault"))
            .addProperty("message", new StringSchema())
            .required(List.of("field", "message")));
        Schema<?> problem = new ObjectSchema()
            .description("RFC 9457 problem details, the body of every 4xx and 5xx answer.")
            .addProperty("type", new StringSchema().format("uri").description("names the kind of problem: https://agora.dev/problems/<slug>"))
            .addProperty("title", new StringSchema().description("a short summary for people"))
            .addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400)).maximum(java.math.BigDecimal.valueOf(599)))
            .addProperty("detail", new StringSchema().description("what went wrong with this request, for people"))
            .addProperty("instance", new StringSchema().description("the request's path"))
            .addProperty("requestId", new StringSchema().description("quote it when reporting a problem"))
            .addProperty("traceId", new StringSchema().description("the request's distributed trace (W3C trace id), when tracing is on"))
            .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR)));
        problem.setRequired(List.of("type", "title", "status"));
        problem.setAdditionalProperties(Boolean.TRUE);
        components.addSchemas(PROBLEM, problem);
        if (openApi.getTags() != null) {
            openApi.setTags(null);
        }
    }
}
