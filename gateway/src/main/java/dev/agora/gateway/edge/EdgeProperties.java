package dev.agora.gateway.edge;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the edge lets through without a token.
 *
 * @param publicEndpoints {@code "METHOD /pattern"} rules ({@code *} for any method) reachable
 *        anonymously; a token, if sent, must still be valid
 * @param credentialFree endpoints that never see credentials: any {@code Authorization} header
 *        is dropped, so a stale token cannot block signing in or refreshing
 */
@ConfigurationProperties("agora.gateway")
public record EdgeProperties(@DefaultValue List<String> publicEndpoints, @DefaultValue List<String> credentialFree) {
}
