package dev.agora.defaults.openapi;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.security.RequiresRole;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(OpenApiAutoConfiguration.class));

    @Test
    void givesEveryServiceTheContractCustomizers() {
        runner.run(context -> {
            assertThat(context).hasBean("agoraOperationCustomizer").hasBean("agoraOpenApiCustomizer");
            assertThat(context.getBean("agoraOperationCustomizer")).isInstanceOf(ContractOperationCustomizer.class);
        });
    }

    @Test
    void backsOffForAServicesOwnCustomizer() {
        runner.withUserConfiguration(Own.class).run(context -> {
            assertThat(context.getBean("agoraOperationCustomizer")).isSameAs(Own.CUSTOMIZER);
            assertThat(context).hasBean("agoraOpenApiCustomizer");
        });
    }

    @Test
    void namesTagsAndSecuresAnOperationFromItsHandler() throws Exception {
        Operation op = customize("place", new Parameter().in("header").name("Idempotency-Key").schema(new StringSchema()));
        assertThat(op.getOperationId()).isEqualTo("sampleThingPlace");
        assertThat(op.getTags()).containsExactly("things");
        assertThat(op.getSecurity()).containsExactly(new SecurityRequirement().addList("bearer"));
        assertThat(op.getParameters()).singleElement().satisfies(p -> assertThat(p.getRequired()).isTrue());
        assertThat(op.getResponses().keySet()).containsExactlyInAnyOrder("400", "401", "403", "404", "409", "413", "422", "429");
        assertThat(op.getResponses().get("409").getContent().get("application/problem+json").getSchema().get$ref())
            .isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void aPublicReadNeedsNoTokenAndCannotConflict() throws Exception {
        Operation op = customize("find");
        assertThat(op.getSecurity()).isEmpty();
        assertThat(op.getResponses().keySet()).containsExactlyInAnyOrder("400", "401", "404", "429");
    }

    @Test
    void documentsTheBoundsOfPageAndSize() throws Exception {
        Operation op = customize("find", new Parameter().in("query").name("page").schema(new io.swagger.v3.oas.models.media.IntegerSchema()),
                new Parameter().in("query").name("size").schema(new io.swagger.v3.oas.models.media.IntegerSchema()));
        assertThat(op.getParameters().get(0).getSchema().getMinimum()).isZero();
        assertThat(op.getParameters().get(1).getSchema().getMinimum()).isOne();
        assertThat(op.getParameters().get(1).getSchema().getMaximum()).isEqualByComparingTo("100");
    }

    @Test
    void pageKeepsItsOwnBoundsWhenSpringdocSharesOneSchemaBetweenPageAndSize() throws Exception {
        // springdoc hands both Integer parameters the same schema object; size's bounds once leaked into page's.
        var shared = new io.swagger.v3.oas.models.media.IntegerSchema();
        Operation op = customize("find", new Parameter().in("query").name("page").schema(shared),
                new Parameter().in("query").name("size").schema(shared));
        var page = op.getParameters().get(0).getSchema();
        assertThat(page.getMinimum()).isZero();
        assertThat(page.getMaximum()).isNull();
        assertThat(page.getDefault()).isEqualTo(0);
        assertThat(op.getParameters().get(1).getSchema().getDefault()).isEqualTo(20);
    }

    @Test
    void aPatternOfWordsBecomesAnEnumAndOtherPatternsStay() {
        OpenAPI api = new OpenAPI().components(new io.swagger.v3.oas.models.Components()
            .addSchemas("Request", new io.swagger.v3.oas.models.media.ObjectSchema()
                .addProperty("status", new StringSchema().pattern("draft|active|archived"))
                .addProperty("country", new StringSchema().pattern("[A-Z]{2}"))
                .addProperty("kinds", new io.swagger.v3.oas.models.media.ArraySchema().items(new StringSchema().pattern("^(a|b)$")))));
        new ContractDocumentCustomizer().customise(api);
        io.swagger.v3.oas.models.media.Schema<?> request = api.getComponents().getSchemas().get("Request");
        io.swagger.v3.oas.models.media.Schema<?> status = (io.swagger.v3.oas.models.media.Schema<?>) request.getProperties().get("status");
        io.swagger.v3.oas.models.media.Schema<?> country = (io.swagger.v3.oas.models.media.Schema<?>) request.getProperties().get("country");
        io.swagger.v3.oas.models.media.Schema<?> kinds = (io.swagger.v3.oas.models.media.Schema<?>) request.getProperties().get("kinds");
        assertThat(status.getEnum()).extracting(String::valueOf).containsExactly("draft", "active", "archived");
        assertThat(status.getPattern()).isNull();
        assertThat(country.getPattern()).isEqualTo("[A-Z]{2}");
        assertThat(country.getEnum()).isNull();
        assertThat(kinds.getItems().getEnum()).extracting(String::valueOf).containsExactly("a", "b");
    }

    @Test
    void anOptionalCallerMakesTheTokenOptionalAndIsNoParameter() throws Exception {
        Operation op = customize("mine", new Parameter().in("query").name("caller"));
        assertThat(op.getSecurity()).containsExactly(new SecurityRequirement(), new SecurityRequirement().addList("bearer"));
        assertThat(op.getParameters()).isNull();
    }

    @Test
    void addsTheProblemSchemaAndTheBearerScheme() {
        OpenAPI api = new OpenAPI();
        new ContractDocumentCustomizer().customise(api);
        assertThat(api.getComponents().getSchemas()).containsKeys("Problem", "FieldError");
        assertThat(api.getComponents().getSchemas().get("Problem").getRequired()).containsExactlyInAnyOrder("type", "title", "status");
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getBearerFormat()).isEqualTo("JWT");
        assertThat(api.getServers()).isNull();
    }

    private static Operation customize(String method, Parameter... parameters) throws Exception {
        var handlerMethod = java.util.Arrays.stream(SampleThingController.class.getDeclaredMethods())
            .filter(m -> m.getName().equals(method)).findFirst().orElseThrow();
        Operation operation = new Operation().parameters(parameters.length == 0 ? null : new java.util.ArrayList<>(List.of(parameters)));
        return new ContractOperationCustomizer().customize(operation, new HandlerMethod(new SampleThingController(), handlerMethod));
    }

    @RequestMapping("/api/v1/things")
    static class SampleThingController {

        @PostMapping
        @RequiresRole("customer")
        String place(AgoraPrincipal caller, @RequestHeader("Idempotency-Key") String key, @RequestBody String body) {
            return body;
        }

        @GetMapping("/{id}")
        String find(@PathVariable UUID id) {
            return id.toString();
        }

        @GetMapping("/mine")
        String mine(Optional<AgoraPrincipal> caller) {
            return "";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Own {

        static final OperationCustomizer CUSTOMIZER = (operation, handler) -> operation;

        @Bean
        OperationCustomizer agoraOperationCustomizer() {
            return CUSTOMIZER;
        }

        @Bean
        OpenApiCustomizer unrelated() {
            return api -> { };
        }
    }
}
