package dev.agora.defaults.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the filter does with the buffers of a body that fails while it reads it (a caller hanging up). */
class UnreadBodyFilterTests {

    private final UnreadBodyFilter filter = new UnreadBodyFilter(new WebDefaultsProperties(DataSize.ofKilobytes(64), true,
            List.of(), DataSize.ofMegabytes(64), false, List.of()), ServerCodecConfigurer.create().getReaders());

    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(Unpooled.buffer().alloc());

    @Test
    void aChunkedBodyCutOffMidwayGivesBackTheBuffersItHadRead() {
        assertCutOffBodyReleased(MockServerHttpRequest.post("/things").header("Transfer-Encoding", "chunked"));
    }

    @Test
    void aBodyOfDeclaredLengthCutOffMidwayGivesBackTheBuffersItHadRead() {
        assertCutOffBodyReleased(MockServerHttpRequest.post("/things").contentLength(500));
    }

    /** Sends two buffers of a JSON body, then the body fails; both buffers must be released. */
    private void assertCutOffBodyReleased(MockServerHttpRequest.BodyBuilder request) {
        List<ByteBuf> read = List.of(Unpooled.copiedBuffer("{\"name\":", StandardCharsets.UTF_8),
                Unpooled.copiedBuffer("\"half a", StandardCharsets.UTF_8));
        Flux<DataBuffer> body = Flux.fromIterable(read).<DataBuffer>map(buffers::wrap)
            .concatWith(Mono.error(new IOException("Connection has been closed")));
        MockServerWebExchange exchange = MockServerWebExchange.from(request.header("Content-Type", "application/json").body(body));

        StepVerifier.create(filter.filter(exchange, ignored -> Mono.empty()))
            .expectError(IOException.class)
            .verify(Duration.ofSeconds(5));
        assertThat(read).extracting(ByteBuf::refCnt).containsOnly(0);
    }
}
