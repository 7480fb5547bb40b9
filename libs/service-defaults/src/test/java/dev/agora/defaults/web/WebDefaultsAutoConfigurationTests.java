package dev.agora.defaults.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.codec.DecodingException;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

class WebDefaultsAutoConfigurationTests {

    private static final List<String> FILTERS = List.of("agoraUnreadBodyFilter", "agoraRequestSizeLimitFilter",
            "agoraControlCharacterFilter", "agoraCardNumberFilter", "agoraServerAnsweredFilter");

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
                WebFluxAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class, WebDefaultsAutoConfiguration.class));

    @Test
    void aServiceGetsTheRequestFiltersProblemHandlingAndStrictJson() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RequestIdFilter.class).hasSingleBean(UnreadBodyFilter.class)
                .hasSingleBean(RequestSizeLimitFilter.class).hasSingleBean(ControlCharacterFilter.class)
                .hasSingleBean(ServerAnsweredFilter.class)
                .hasSingleBean(ValidationWarmup.class).hasSingleBean(ProblemMapper.class).hasSingleBean(DroppedErrors.class)
                .hasSingleBean(ProblemDetailsAdvice.class).hasBean("agoraStrictJsonConfigurer")
                .hasSingleBean(NettyServerCustomizer.class).hasBean("agoraBareErrorBodies")
                // Only services that take payment details refuse card numbers.
                .doesNotHaveBean(CardNumberFilter.class);
            assertThat(context.getBeansOfType(ErrorWebExceptionHandler.class)).containsOnlyKeys("agoraErrorWebExceptionHandler");
        });
        runner.withPropertyValues("agora.web.refuse-card-numbers=true")
            .run(context -> assertThat(context).hasSingleBean(CardNumberFilter.class));
    }

    @Test
    void everyPartCanBeReplaced() {
        Map<String, WebFilter> filters = new java.util.HashMap<>();
        var replaced = runner.withPropertyValues("agora.web.refuse-card-numbers=true");
        for (String name : FILTERS) {
            WebFilter own = (exchange, chain) -> chain.filter(exchange);
            filters.put(name, own);
            replaced = replaced.withBean(name, WebFilter.class, () -> own);
        }
        RequestIdFilter requestIds = new RequestIdFilter();
        ErrorWebExceptionHandler errors = (exchange, ex) -> Mono.error(ex);
        WebFluxConfigurer json = new WebFluxConfigurer() { };
        Object warmup = new Object();
        Object advice = new Object();
        Object dropped = new Object();
        NettyServerCustomizer bareErrors = server -> server;
        replaced.withBean(RequestIdFilter.class, () -> requestIds)
            .withBean("agoraErrorWebExceptionHandler", ErrorWebExceptionHandler.class, () -> errors)
            .withBean("agoraStrictJsonConfigurer", WebFluxConfigurer.class, () -> json)
            .withBean("agoraValidationWarmup", Object.class, () -> warmup)
            .withBean("agoraProblemDetailsAdvice", Object.class, () -> advice)
            .withBean("agoraDroppedErrors", Object.class, () -> dropped)
            .withBean("agoraProblemMapper", ProblemMapper.class, ProblemMapper::new)
            .withBean("agoraBareErrorBodies", NettyServerCustomizer.class, () -> bareErrors)
            .run(context -> {
                filters.forEach((name, own) -> assertThat(context.getBean(name)).as(name).isSameAs(own));
                assertThat(context.getBean(RequestIdFilter.class)).isSameAs(requestIds);
                assertThat(context.getBean("agoraErrorWebExceptionHandler")).isSameAs(errors);
                assertThat(context.getBean("agoraStrictJsonConfigurer")).isSameAs(json);
                assertThat(context.getBean("agoraValidationWarmup")).isSameAs(warmup);
                assertThat(context.getBean("agoraProblemDetailsAdvice")).isSameAs(advice);
                assertThat(context.getBean("agoraDroppedErrors")).isSameAs(dropped);
                assertThat(context.getBean(NettyServerCustomizer.class)).isSameAs(bareErrors);
                assertThat(context).doesNotHaveBean(UnreadBodyFilter.class).doesNotHaveBean(CardNumberFilter.class)
                    .doesNotHaveBean(ServerAnsweredFilter.class)
                    .doesNotHaveBean(ProblemDetailsAdvice.class).doesNotHaveBean(DroppedErrors.class)
                    .hasSingleBean(ProblemMapper.class);
            });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aClientsMalformedBodyFailingAgainAfterItsAnswerIsNoErrorButABugStillIs(CapturedOutput output) {
        runner.run(context -> {
            // What Spring's multipart reader does with a truncated upload it has already refused.
            Operators.onErrorDropped(new DecodingException("Could not find end of body"), Context.empty());
            assertThat(output.getAll()).doesNotContain("ERROR", "onErrorDropped", "Could not find end of body");

            Operators.onErrorDropped(new IllegalStateException("a bug"), Context.empty());
            assertThat(output.getAll()).contains("ERROR", "onErrorDropped", "java.lang.IllegalStateException: a bug", "\tat ");
        });
    }
}
