package dev.agora.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.agora.defaults.web.RequestIdFilter;

/**
 * Drops the {@code X-Request-Id} a service answers with. The gateway sent it that id and has put
 * the same one on its own answer already; passing the service's copy on gave every proxied answer
 * the header twice ({@code id, id} to a browser).
 */
@Component
class UpstreamRequestIdFilter implements HttpHeadersFilter {

    @Override
    public HttpHeaders filter(HttpHeaders upstream, ServerWebExchange exchange) {
        if (!upstream.containsHeader(RequestIdFilter.HEADER)) {
            return upstream;
        }
        HttpHeaders filtered = new HttpHeaders();
        upstream.forEach((name, values) -> {
            if (!name.equalsIgnoreCase(RequestIdFilter.HEADER)) {
                filtered.addAll(name, values);
            }
        });
        return filtered;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }
}
