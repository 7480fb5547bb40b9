package dev.agora.defaults.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSizeLimitFilterTests {

    @Test
    void aPlainUploadPathCoversItselfAndWhatIsBelowItOnly() {
        var imports = RequestSizeLimitFilter.pattern("/api/v1/products/imports");
        assertThat(imports.matches(PathContainer.parsePath("/api/v1/products/imports"))).isTrue();
        assertThat(imports.matches(PathContainer.parsePath("/api/v1/products/imports/123"))).isTrue();
        assertThat(imports.matches(PathContainer.parsePath("/api/v1/products/importsx"))).isFalse();
        assertThat(imports.matches(PathContainer.parsePath("/api/v1/products"))).isFalse();
    }

    @Test
    void aPatternCoversWhatItMatches() {
        var images = RequestSizeLimitFilter.pattern("/api/v1/products/*/images");
        assertThat(images.matches(PathContainer.parsePath("/api/v1/products/0f3c/images"))).isTrue();
        assertThat(images.matches(PathContainer.parsePath("/api/v1/products/0f3c"))).isFalse();
        assertThat(images.matches(PathContainer.parsePath("/api/v1/products/0f3c/images/1"))).isFalse();
    }
}
