package dev.agora.gateway.metrics;

import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.stereotype.Component;

/**
 * Spring Cloud Gateway names its observation of a proxied call {@code http.client.requests}, as
 * Spring names every WebClient call's, but with other tags (route id and URI, no client name).
 * Prometheus keeps one set of tags per name: whichever registered first won, and the other's meters
 * were refused ("registration has failed"), so the gateway's own calls (the signing keys, the token
 * revocations) went unmeasured, or its proxied calls did. The proxied calls' meters get their own
 * name; the trace spans are the same.
 */
@Component
class UpstreamCallObservations extends DefaultGatewayObservationConvention {

    static final String NAME = "gateway.upstream.requests";

    @Override
    public String getName() {
        return NAME;
    }
}
