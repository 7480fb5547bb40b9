package dev.agora.defaults.security;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Mono;

import dev.agora.defaults.ClockAutoConfiguration;

/**
 * Access-token verification for every service: the verifier, the key source, the revocation set,
 * the web filter that authenticates requests, and the start-up check that every handler naming a
 * role or scope can enforce it.
 */
@AutoConfiguration(after = ClockAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties({ JwtProperties.class, SecurityProperties.class })
public class SecurityDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PublicKeySource agoraPublicKeySource(JwtProperties properties, WebClient.Builder builder, Clock clock) {
        if (properties.jwksUri() == null) {
            // Nothing configured: no token can verify, so every protected call is refused (fail closed).
            return kid -> Mono.empty();
        }
        return new RemoteJwksKeySource(builder.build(), properties.jwksUri(), properties.jwksMinRefreshInterval(),
                properties.jwksTimeout(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenRevocations agoraTokenRevocations(ObjectProvider<ReactiveStringRedisTemplate> redis,
            SecurityProperties properties, Clock clock) {
        return new TokenRevocations(redis.getIfAvailable(), properties.revocationResync(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenVerifier agoraTokenVerifier(PublicKeySource keys, TokenRevocations revocations, JwtProperties properties,
            Clock clock) {
        return new TokenVerifier(keys, revocations, properties, clock);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraAuthenticationWebFilter")
    @ConditionalOnProperty(name = "agora.security.filter-enabled", matchIfMissing = true)
    AuthenticationWebFilter agoraAuthenticationWebFilter(TokenVerifier verifier, SecurityProperties properties) {
        return new AuthenticationWebFilter(verifier, properties.internalOpenPaths());
    }

    @Bean
    @ConditionalOnMissingBean
    static GuardedHandlers agoraGuardedHandlers(ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return new GuardedHandlers(mappings);
    }

    @Bean
    @ConditionalOnMissingBean(name = "agoraPrincipalResolverConfigurer")
    WebFluxConfigurer agoraPrincipalResolverConfigurer() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new PrincipalArgumentResolver());
            }
        };
    }
}
