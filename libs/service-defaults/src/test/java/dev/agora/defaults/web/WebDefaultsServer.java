package dev.agora.defaults.web;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A real Netty server on a free port with the web defaults, as a service has them, and the given beans. */
final class WebDefaultsServer implements AutoCloseable {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
            NettyReactiveWebServerAutoConfiguration.class, HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class,
            ErrorWebFluxAutoConfiguration.class, WebDefaultsAutoConfiguration.class })
    static class Defaults {
    }

    private final ConfigurableApplicationContext context;

    private WebDefaultsServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static WebDefaultsServer start(Class<?> beans) {
        return new WebDefaultsServer(new SpringApplicationBuilder(Defaults.class, beans).web(WebApplicationType.REACTIVE)
            .properties("server.port=0", "spring.main.banner-mode=off")
            .run());
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }
}
