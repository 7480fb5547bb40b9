package dev.agora.defaults.web;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes sure no request is answered while its body is still unread (a 401 or 403 decided before
 * the body mattered). Closing the connection after such an answer, this filter's first remedy, is
 * none: Reactor Netty's client (our gateway's, our tests') waits forever when the server closes
 * the connection while it still sends the body (spring-boot#44983). So a body declared within the
 * request limit is read whole before anything else runs, as nginx buffers request bodies, and
 * handed on replayable: the connection stays clean and keeps alive. A form is parsed from the
 * replayed body too. Multipart bodies and bodies of unknown length are not buffered (they may be
 * uploads larger than the limit); if one is left unread the connection is closed after the
 * response. Bodies declared larger than the limit are left alone: they get their 413 from
 * {@link RequestSizeLimitFilter}. {@code UnreadBodyIT} in user-svc reproduces the hang without it.
 */
final class UnreadBodyFilter implements WebFilter, Ordered {

    private static final ResolvableType FORM = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class,
            String.class);

    private final long maxBody;
    private final FormHttpMessageReader forms = new FormHttpMessageReader();

    UnreadBodyFilter(WebDefaultsProperties properties) {
        this.maxBody = properties.maxRequestBody().toBytes();
        this.forms.setMaxInMemorySize((int) maxBody);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long length = headers.getContentLength();
        boolean bounded = length > 0 && length <= maxBody;
        if (bounded && !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(headers.getContentType())) {
            return readWhole(exchange, chain);
        }
        if (bounded || (length < 0 && headers.containsHeader(HttpHeaders.TRANSFER_ENCODING))) {
            return closeIfUnread(exchange, chain);
        }
        return chain.filter(exchange);
    }

    private Mono<Void> readWhole(ServerWebExchange exchange, WebFilterChain chain) {
        return RequestBodies.read(exchange.getRequest(), (int) maxBody).flatMap(bytes -> {
            ServerHttpRequest request = RequestBodies.replaying(exchange, bytes);
            return chain.filter(withForm(exchange.mutate().request(request).build(), request));
        });
    }

    /** The exchange parses a form from the request it was made with; this one parses the replayed body. */
    private ServerWebExchange withForm(ServerWebExchange exchange, ServerHttpRequest request) {
        if (!MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(request.getHeaders().getContentType())) {
            return exchange;
        }
        Mono<MultiValueMap<String, String>> form = forms.readMono(FORM, request, Map.of())
            .switchIfEmpty(Mono.fromSupplier(LinkedMultiValueMap::new))
            .cache();
        return new ServerWebExchangeDecorator(exchange) {
            @Override
            public Mono<MultiValueMap<String, String>> getFormData() {
                return form;
            }
        };
    }

    private Mono<Void> closeIfUnread(ServerWebExchange exchange, WebFilterChain chain) {
        AtomicBoolean consumed = new AtomicBoolean();
        var request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnComplete(() -> consumed.set(true));
            }
        };
        exchange.getResponse().beforeCommit(() -> {
            if (!consumed.get()) {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(request).build());
    }
}
