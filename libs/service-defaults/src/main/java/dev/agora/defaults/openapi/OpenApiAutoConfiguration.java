package dev.agora.defaults.openapi;

import java.util.Optional;

import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.ServerWebExchange;

import dev.agora.defaults.security.AgoraPrincipal;

/**
 * Makes each service's springdoc document say what the API really does, so the merged public
 * contract ({@code frontend-contract/openapi.yaml}) needs no hand edits: who may call an operation,
 * every problem it can answer with, a stable operation id and one tag per area.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class OpenApiAutoConfiguration {

    static {
        // The caller and the exchange are supplied by the server, not sent by the client.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(AgoraPrincipal.class, ServerWebExchange.class);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraOperationCustomizer")
    OperationCustomizer agoraOperationCustomizer() {
        return new ContractOperationCustomizer();
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraOpenApiCustomizer")
    OpenApiCustomizer agoraOpenApiCustomizer() {
        return new ContractDocumentCustomizer();
    }

    /** Optional principals are unwrapped before the ignore list applies; this keeps them out too. */
    static boolean isPrincipal(Class<?> type, Class<?> nested) {
        return type == AgoraPrincipal.class || (type == Optional.class && nested == AgoraPrincipal.class);
    }
}
