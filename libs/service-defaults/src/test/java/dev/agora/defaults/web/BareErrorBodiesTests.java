package dev.agora.defaults.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BareErrorBodiesTests {

    private final EmbeddedChannel channel = new EmbeddedChannel(new BareErrorBodies());

    private FullHttpResponse answer(HttpMethod method, FullHttpResponse response) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/x"));
        channel.readInbound();
        channel.writeOutbound(response);
        return channel.readOutbound();
    }

    private static FullHttpResponse bare(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
        return response;
    }

    private static JsonNode body(FullHttpResponse response) {
        return JsonMapper.builder().build().readTree(response.content().toString(StandardCharsets.UTF_8));
    }

    @Test
    void givesTheServersOwnBareAnswersAProblemBody() {
        FullHttpResponse tooLong = answer(HttpMethod.GET, bare(HttpResponseStatus.REQUEST_URI_TOO_LONG));
        assertThat(tooLong.status().code()).isEqualTo(414);
        assertThat(tooLong.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(tooLong.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(tooLong.content().readableBytes());
        assertThat(tooLong.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(body(tooLong).path("type").asString()).isEqualTo("https://agora.dev/problems/uri-too-long");
        assertThat(body(tooLong).path("status").asInt()).isEqualTo(414);

        assertThat(body(answer(HttpMethod.POST, bare(HttpResponseStatus.BAD_REQUEST))).path("type").asString())
            .isEqualTo("https://agora.dev/problems/bad-request");
        assertThat(body(answer(HttpMethod.GET, bare(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE))).path("title").asString())
            .isEqualTo("Request header fields too large");
        JsonNode other = body(answer(HttpMethod.GET, bare(HttpResponseStatus.REQUEST_TIMEOUT)));
        assertThat(other.path("status").asInt()).isEqualTo(408);
        assertThat(other.path("title").asString()).isEqualTo("Request Timeout");
    }

    @Test
    void leavesAnswersWithABodyOrATypeSuccessesAndAnswersToHeadAlone() {
        FullHttpResponse problem = bare(HttpResponseStatus.NOT_FOUND);
        problem.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        assertThat(answer(HttpMethod.GET, problem).content().isReadable()).isFalse();

        assertThat(answer(HttpMethod.HEAD, bare(HttpResponseStatus.BAD_REQUEST)).content().isReadable()).isFalse();
        assertThat(answer(HttpMethod.GET, bare(HttpResponseStatus.NO_CONTENT)).content().isReadable()).isFalse();
        assertThat(answer(HttpMethod.GET, bare(HttpResponseStatus.INTERNAL_SERVER_ERROR)).content().isReadable()).isFalse();
    }

    @Test
    void pairsEachAnswerWithItsRequestWhenRequestsArePipelined() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/a"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/b"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        channel.writeOutbound(bare(HttpResponseStatus.BAD_REQUEST));
        channel.writeOutbound(bare(HttpResponseStatus.BAD_REQUEST));
        channel.readOutbound();
        FullHttpResponse toHead = channel.readOutbound();
        FullHttpResponse toGet = channel.readOutbound();
        assertThat(toHead.content().isReadable()).isFalse();
        assertThat(toGet.content().isReadable()).isTrue();
    }
}
