package dev.agora.defaults.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.MultipartHttpMessageReader;
import org.springframework.http.codec.multipart.Part;
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
 * handed on replayable: the connection stays clean and keeps alive. Forms and multipart bodies are
 * parsed from the replayed body too (the exchange would parse them from the request it was made
 * with, whose body is gone). A body of unknown length (chunked, as multipart uploads usually are) is
 * read up to the limit: if it ends there it is handled like the others; if not, it is an upload
 * larger than the limit and is handed on as it streams, its first part replayed, and the
 * connection is closed after the response if that body was left unread. Bodies declared
 * larger than the limit elsewhere are left alone: they get their 413 from
 * {@link RequestSizeLimitFilter}. {@code UnreadBodyIT} in user-svc reproduces the hang, and the
 * reset of a refused multipart upload, without it.
 */
final class UnreadBodyFilter implements WebFilter, Ordered {

    private static final ResolvableType FORM = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class,
            String.class);

    private static final ResolvableType MULTIPART = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class,
            Part.class);

    private final long maxBody;
    private final FormHttpMessageReader forms = new FormHttpMessageReader();
    private final HttpMessageReader<?> multipart;

    /**
     * @param readers the server's codecs, so multipart limits and storage are the ones the exchange
     *        itself would use
     */
    UnreadBodyFilter(WebDefaultsProperties properties, List<HttpMessageReader<?>> readers) {
        this.maxBody = properties.maxRequestBody().toBytes();
        this.forms.setMaxInMemorySize((int) maxBody);
        this.multipart = readers.stream()
            .filter(reader -> reader.canRead(MULTIPART, MediaType.MULTIPART_FORM_DATA))
            .findFirst()
            .orElseGet(() -> new MultipartHttpMessageReader(new DefaultPartHttpMessageReader()));
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
        // An empty multipart body too: its parse, here, is the one whose failure is the client's 400.
        boolean emptyMultipart = length == 0 && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(headers.getContentType());
        if (bounded || emptyMultipart) {
            return readWhole(exchange, chain);
        }
        if (length < 0 && headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return readUpToLimit(exchange, chain);
        }
        return chain.filter(exchange);
    }

    private Mono<Void> readWhole(ServerWebExchange exchange, WebFilterChain chain) {
        return replayWhole(exchange, chain, exchange.getRequest().getBody());
    }

    private Mono<Void> readUpToLimit(ServerWebExchange exchange, WebFilterChain chain) {
        AtomicLong seen = new AtomicLong();
        return exchange.getRequest().getBody()
            .bufferUntil(buffer -> seen.addAndGet(buffer.readableByteCount()) > maxBody)
            .switchOnFirst((first, all) -> {
                Flux<DataBuffer> body = all.concatMapIterable(buffers -> buffers);
                if (seen.get() <= maxBody) {
                    return replayWhole(exchange, chain, body);
                }
                var streaming = new ServerHttpRequestDecorator(exchange.getRequest()) {
                    @Override
                    public Flux<DataBuffer> getBody() {
                        return body;
                    }
                };
                return closeIfUnread(exchange.mutate().request(streaming).build(), chain);
            })
            // A list held back for a body nobody read: its buffers go back to the pool.
            .doOnDiscard(List.class, buffers -> buffers.forEach(buffer -> DataBufferUtils.release((DataBuffer) buffer)))
            // A body that fails part way (the caller hung up): the list being filled is discarded
            // buffer by buffer, and each goes back to the pool too, or Netty's memory leaks.
            .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
            .then();
    }

    private Mono<Void> replayWhole(ServerWebExchange exchange, WebFilterChain chain, Flux<DataBuffer> body) {
        return RequestBodies.read(body, (int) maxBody).flatMap(bytes -> {
            ServerHttpRequest request = RequestBodies.replaying(exchange, bytes);
            ServerWebExchange replayed = withParsedBody(exchange.mutate().request(request).build(), request);
            Mono<Void> handled = chain.filter(replayed);
            return MediaType.MULTIPART_FORM_DATA.isCompatibleWith(request.getHeaders().getContentType())
                    ? handled.doFinally(signal -> replayed.cleanupMultipart().subscribe()) : handled;
        });
    }

    /** The exchange parses forms and multipart bodies from the request it was made with; these come from the replay. */
    @SuppressWarnings("unchecked")
    private ServerWebExchange withParsedBody(ServerWebExchange exchange, ServerHttpRequest request) {
        MediaType type = request.getHeaders().getContentType();
        if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
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
        if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
            AtomicBoolean read = new AtomicBoolean();
            Mono<MultiValueMap<String, Part>> parts = ((HttpMessageReader<MultiValueMap<String, Part>>) multipart)
                .readMono(MULTIPART, request, Map.of())
                // The client's body (no boundary, or one never reached): its 400, not a 500.
                .onErrorMap(DecodingException.class,
                        ex -> AgoraException.badRequest("The multipart body could not be read: " + ex.getMessage()))
                .switchIfEmpty(Mono.fromSupplier(LinkedMultiValueMap::new))
                .doOnSubscribe(subscription -> read.set(true))
                .cache();
            return new ServerWebExchangeDecorator(exchange) {
                @Override
                public Mono<MultiValueMap<String, Part>> getMultipartData() {
                    return parts;
                }

                /** Parts the reader spilled to disk are deleted, as the exchange does with its own. */
                @Override
                public Mono<Void> cleanupMultipart() {
                    return !read.get() ? Mono.empty()
                            : parts.flatMapIterable(MultiValueMap::values)
                                .flatMapIterable(list -> list)
                                .concatMap(part -> part.delete().onErrorComplete())
                                .then()
                                .onErrorComplete();
                }
            };
        }
        return exchange;
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
        // A multipart upload is parsed from this streaming body too: the exchange would parse it from
        // the original request, whose body is being read here already (a second reader is refused).
        ServerWebExchange streaming = withParsedBody(exchange.mutate().request(request).build(), request);
        Mono<Void> handled = chain.filter(streaming);
        return MediaType.MULTIPART_FORM_DATA.isCompatibleWith(request.getHeaders().getContentType())
                ? handled.doFinally(signal -> streaming.cleanupMultipart().subscribe()) : handled;
    }
}
