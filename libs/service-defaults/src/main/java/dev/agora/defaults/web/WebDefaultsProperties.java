package dev.agora.defaults.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP defaults of every service.
 *
 * @param maxRequestBody largest request body accepted; larger declared bodies get 413
 * @param strictJson whether request bodies with unknown fields or coerced types are refused
 * @param uploadPaths paths that accept uploads up to {@code maxUploadBody} (streamed to disk, never
 *        into memory), such as bulk imports: a plain path covers the paths below it, a pattern
 *        ({@code /api/v1/products/*}{@code /images}) what it matches
 * @param maxUploadBody largest body on an upload path
 * @param refuseCardNumbers whether request bodies containing anything shaped like a card number
 *        are refused (400) before anything reads them
 * @param cardNumberExemptPaths path patterns ({@code /api/v1/orders/*}{@code /fulfilments/*}) whose
 *        bodies take no payment details and may hold long digit runs that are not card numbers,
 *        such as carriers' tracking numbers
 */
@ConfigurationProperties("agora.web")
public record WebDefaultsProperties(@DefaultValue("1MB") DataSize maxRequestBody,
        @DefaultValue("true") boolean strictJson, @DefaultValue List<String> uploadPaths,
        @DefaultValue("64MB") DataSize maxUploadBody, @DefaultValue("false") boolean refuseCardNumbers,
        @DefaultValue List<String> cardNumberExemptPaths) {
}
