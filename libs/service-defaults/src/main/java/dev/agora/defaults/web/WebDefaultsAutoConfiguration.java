package dev.agora.defaults.web;

import io.micrometer.context.ContextRegistry;
import jakarta.validation.Validator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Problem+json errors, request ids, body limits and strict JSON for every reactive service.
 */
@AutoConfiguration(before = { ErrorWebFluxAutoConfiguration.class, WebFluxAutoConfiguration.class },
        afterName = "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(WebDefaultsProperties.class)
public class WebDefaultsAutoConfiguration {

    static {
        // Lets Reactor's automatic context propagation restore the request id into the MDC.
        ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcThreadLocalAccessor(RequestIdFilter.CONTEXT_KEY));
        ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcThreadLocalAccessor(MdcThreadLocalAccessor.USER_ID));
    }

    @Bean
    @ConditionalOnMissingBean
    RequestIdFilter agoraRequestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraServerAnsweredFilter")
    ServerAnsweredFilter agoraServerAnsweredFilter() {
        return new ServerAnsweredFilter();
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraUnreadBodyFilter")
    UnreadBodyFilter agoraUnreadBodyFilter(WebDefaultsProperties properties,
            ObjectProvider<ServerCodecConfigurer> codecs) {
        return new UnreadBodyFilter(properties,
                codecs.getIfAvailable(ServerCodecConfigurer::create).getReaders());
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraRequestSizeLimitFilter")
    RequestSizeLimitFilter agoraRequestSizeLimitFilter(WebDefaultsProperties properties) {
        return new RequestSizeLimitFilter(properties);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraControlCharacterFilter")
    ControlCharacterFilter agoraControlCharacterFilter() {
        return new ControlCharacterFilter();
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraCardNumberFilter")
    @ConditionalOnBooleanProperty("agora.web.refuse-card-numbers")
    CardNumberFilter agoraCardNumberFilter(WebDefaultsProperties properties) {
        return new CardNumberFilter(properties);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraValidationWarmup")
    @ConditionalOnBean(Validator.class)
    ValidationWarmup agoraValidationWarmup(Validator validator) {
        return new ValidationWarmup(validator);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraDroppedErrors")
    DroppedErrors agoraDroppedErrors() {
        return new DroppedErrors();
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraProblemMapper")
    ProblemMapper agoraProblemMapper() {
        return new ProblemMapper();
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraProblemDetailsAdvice")
    ProblemDetailsAdvice agoraProblemDetailsAdvice(ProblemMapper mapper) {
        return new ProblemDetailsAdvice(mapper);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraErrorWebExceptionHandler")
    ProblemErrorWebExceptionHandler agoraErrorWebExceptionHandler(ProblemMapper mapper, JsonMapper jsonMapper) {
        return new ProblemErrorWebExceptionHandler(mapper, jsonMapper);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraStrictJsonConfigurer")
    WebFluxConfigurer agoraStrictJsonConfigurer(JsonMapper jsonMapper, WebDefaultsProperties properties) {
        return new WebFluxConfigurer() {
            @Override
            public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
                if (properties.strictJson()) {
                    configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(strict(jsonMapper)));
                }
                configurer.defaultCodecs().maxInMemorySize((int) properties.maxRequestBody().toBytes());
            }
        };
    }

    /** Problem bodies for the answers the HTTP server gives before the application sees a request. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ NettyServerCustomizer.class, HttpServer.class })
    static class BareErrorBodiesConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "agoraBareErrorBodies")
        NettyServerCustomizer agoraBareErrorBodies() {
            return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
                // HTTP/1.1 only: where the codec sits, the handler sees each request and each response.
                if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                    channel.pipeline().addAfter(NettyPipeline.HttpCodec, "agora.bareErrorBodies", new BareErrorBodies());
                }
            });
        }
    }

    /**
     * Request bodies are a contract: an unknown field (say {@code roles} on signup), a number where
     * text belongs, a fraction where a whole number belongs ({@code "quantity": 1.5} used to be read
     * as 1) or a control character in text is a client bug, refused with 400 rather than silently
     * ignored, coerced or truncated. Only the server's decoder is strict; outgoing WebClient calls
     * stay tolerant readers.
     */
    static JsonMapper strict(JsonMapper base) {
        return base.rebuild()
            .addModule(new SafeTextModule())
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, cfg -> cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    }
}
