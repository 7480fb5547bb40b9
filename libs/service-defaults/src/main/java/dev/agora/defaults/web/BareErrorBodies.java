package dev.agora.defaults.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Gives a problem+json body to the 4xx answers the HTTP server writes before any filter or handler
 * runs, and so without one: Reactor Netty's to a request it cannot decode (a request line over its
 * limit: 414, headers over theirs: 431, a malformed line: 400) and Spring's to a URI that does not
 * parse (a malformed percent escape: 400). Every other error a client gets is a problem; these
 * were empty, so a client could not tell them from a proxy's.
 * <p>
 * Only a complete response with an empty body and no {@code Content-Type} is touched; an answer to
 * {@code HEAD} never gets a body. One instance per connection: it keeps the methods of the
 * requests read and not yet answered, in order.
 */
final class BareErrorBodies extends ChannelDuplexHandler {

    private final Queue<Boolean> headRequests = new ArrayDeque<>(2);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            headRequests.offer(HttpMethod.HEAD.equals(request.method()));
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        Object out = msg;
        if (msg instanceof HttpResponse response && response.status().code() >= 200) {
            Boolean head = headRequests.poll();
            if (!Boolean.TRUE.equals(head) && msg instanceof FullHttpResponse full && bare(full)) {
                out = withProblem(full);
            }
        }
        super.write(ctx, out, promise);
    }

    private static boolean bare(FullHttpResponse response) {
        int status = response.status().code();
        return status >= 400 && status < 500 && !response.content().isReadable()
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
    }

    private static FullHttpResponse withProblem(FullHttpResponse response) {
        byte[] body = problem(response.status().code()).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse replaced = response.replace(Unpooled.wrappedBuffer(body));
        response.release();
        replaced.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return replaced;
    }

    /** The problem for a status; its texts are constants, so nothing in them needs escaping. */
    static String problem(int status) {
        String type;
        String title;
        String detail;
        switch (status) {
            case 400 -> {
                type = ProblemType.BAD_REQUEST.uri().toString();
                title = ProblemType.BAD_REQUEST.title();
                detail = "The request could not be read: a malformed request line, header or percent-escape in its URI.";
            }
            case 414 -> {
                type = ProblemType.URI_TOO_LONG.uri().toString();
                title = ProblemType.URI_TOO_LONG.title();
                detail = "The request line (method, path and query) is longer than this server reads.";
            }
            case 431 -> {
                type = ProblemType.HEADERS_TOO_LARGE.uri().toString();
                title = ProblemType.HEADERS_TOO_LARGE.title();
                detail = "The request's headers are larger than this server reads.";
            }
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                type = Problems.TYPE_BASE + Problems.slugOf(status);
                title = known != null ? known.getReasonPhrase() : "Client error";
                detail = "The request could not be read.";
            }
        }
        return "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }
}
