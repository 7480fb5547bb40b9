package dev.agora.gateway.edge;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A list of {@code "METHOD /pattern"} rules, matched against a request.
 */
final class EndpointRules {

    private final List<Rule> rules;

    EndpointRules(List<String> specs) {
        this.rules = specs.stream().map(EndpointRules::parse).toList();
    }

    boolean matches(HttpMethod method, PathContainer path) {
        return rules.stream().anyMatch(r -> (r.method() == null || r.method().equals(method)) && r.pattern().matches(path));
    }

    private static Rule parse(String spec) {
        String[] parts = spec.trim().split("\\s+", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("Endpoint rule must be 'METHOD /pattern': " + spec);
        }
        HttpMethod method = "*".equals(parts[0]) ? null : HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT));
        return new Rule(method, PathPatternParser.defaultInstance.parse(parts[1]));
    }

    private record Rule(HttpMethod method, PathPattern pattern) {
    }
}
