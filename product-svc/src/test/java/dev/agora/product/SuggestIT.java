package dev.agora.product;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/products/suggest}: completions for a search box. The catalogue is shared by
 * every test, so each test's products carry words no other product has.
 */
class SuggestIT extends CatalogTestBase {

    @Test
    void suggestsNamesThatStartWithWhatWasTypedFirstThenNamesWithSuchAWord() {
        UUID cat = category("Suggested", null);
        TestVendor v = verifiedVendor("Suggest Prefix");
        create(v.token(), product("Quokkaware Mug", "SUG-MUG", "12.00", cat));
        create(v.token(), product("Blue Quokkaware Plate", "SUG-PLATE", "18.00", cat));
        create(v.token(), product("Unrelated Spoon", "SUG-SPOON", "3.00", cat));

        http.get().uri("/api/v1/products/suggest?q=quokk").exchange().expectStatus().isOk()
            .expectHeader().contentType(MediaType.APPLICATION_JSON)
            .expectBody()
            .jsonPath("$.query").isEqualTo("quokk")
            .jsonPath("$.suggestions.length()").isEqualTo(2)
            .jsonPath("$.suggestions[0].name").isEqualTo("Quokkaware Mug")
            .jsonPath("$.suggestions[0].slug").isEqualTo("quokkaware-mug")
            .jsonPath("$.suggestions[0].price.amount").isEqualTo("12.00")
            .jsonPath("$.suggestions[1].name").isEqualTo("Blue Quokkaware Plate");
        http.get().uri("/api/v1/products/suggest?q={q}&limit=1", "  QUOKKAWARE  ").exchange().expectBody()
            .jsonPath("$.query").isEqualTo("QUOKKAWARE")
            .jsonPath("$.suggestions.length()").isEqualTo(1)
            .jsonPath("$.suggestions[0].name").isEqualTo("Quokkaware Mug");
    }

    @Test
    void forgivesATypoIncludingTwoSwappedLetters() {
        UUID cat = category("Suggested typos", null);
        TestVendor v = verifiedVendor("Suggest Typos");
        create(v.token(), product("Marzipanda Lamp", "SUG-TYPO", "40.00", cat));
        for (String typo : List.of("marzipnda", "mrazipanda", "marzipandaa")) {
            http.get().uri("/api/v1/products/suggest?q={q}", typo).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.suggestions[0].name").value(name -> assertThat(name).as(typo).isEqualTo("Marzipanda Lamp"));
        }
        http.get().uri("/api/v1/products/suggest?q=xqzvwk").exchange().expectBody().jsonPath("$.suggestions.length()").isEqualTo(0);
    }

    @Test
    void findsRegionalNamesAndAnswersInTheCallersLanguage() {
        UUID cat = category("Suggested regional", null);
        TestVendor v = verifiedVendor("Suggest Regional");
        Map<String, Object> body = product("Zebrawood Stool", "SUG-STOOL", "55.00", cat);
        body.put("names", Map.of("hi-IN", "ज़ेब्रावुड स्टूल"));
        create(v.token(), body);

        http.get().uri("/api/v1/products/suggest?q=zebraw").header("Accept-Language", "hi-IN").exchange().expectStatus().isOk()
            .expectHeader().value("Vary", vary -> assertThat(vary).contains("Accept-Language"))
            .expectBody().jsonPath("$.suggestions[0].name").isEqualTo("ज़ेब्रावुड स्टूल");
        http.get().uri("/api/v1/products/suggest?q={q}", "ज़ेब्रा").exchange().expectBody()
            .jsonPath("$.suggestions[0].name").isEqualTo("Zebrawood Stool");
    }

    @Test
    void neverSuggestsWhatShoppersCannotSee() {
        UUID cat = category("Suggested hidden", null);
        TestVendor v = verifiedVendor("Suggest Hidden");
        Map<String, Object> draft = product("Yakbutter Draft Candle", "SUG-DRAFT", "9.00", cat);
        draft.put("status", "draft");
        create(v.token(), draft);
        Map<String, Object> archived = create(v.token(), product("Yakbutter Old Candle", "SUG-OLD", "9.00", cat));
        http.delete().uri("/api/v1/products/{id}", archived.get("id")).headers(h -> h.setBearerAuth(v.token()))
            .exchange().expectStatus().is2xxSuccessful();
        UUID owner = UUID.randomUUID();
        String unverified = (String) http.post().uri("/api/v1/vendors").headers(h -> h.setBearerAuth(customer(owner)))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(vendorBody("Suggest Unverified"))
            .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        // An unverified vendor cannot publish; an admin can list a product for it, which stays private all the same.
        Map<String, Object> secret = product("Yakbutter Secret Candle", "SUG-SECRET", "9.00", cat);
        secret.put("vendorId", unverified);
        create(admin(), secret);

        for (String token : new String[] { null, admin(), v.token() }) {
            http.get().uri("/api/v1/products/suggest?q=yakbutter")
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.suggestions.length()").isEqualTo(0);
        }
    }

    @Test
    void wildcardsAreTypedCharactersNotPatterns() {
        UUID cat = category("Suggested literal", null);
        TestVendor v = verifiedVendor("Suggest Literal");
        create(v.token(), product("Wombatine 100% Wool Throw", "SUG-WOOL", "70.00", cat));
        for (String pattern : List.of("%", "_", "%%", "__", "\\")) {
            http.get().uri("/api/v1/products/suggest?q={q}", pattern).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.suggestions[?(@.name == 'Wombatine 100% Wool Throw')]").doesNotExist();
        }
        http.get().uri("/api/v1/products/suggest?q={q}", "100%").exchange().expectBody()
            .jsonPath("$.suggestions[0].name").isEqualTo("Wombatine 100% Wool Throw");
    }

    @Test
    void badParametersAre400sNamingTheField() {
        assertBadRequest(http.get().uri("/api/v1/products/suggest"), "q");
        for (String q : List.of("", "   ", "a".repeat(101))) {
            assertBadRequest(http.get().uri("/api/v1/products/suggest?q={q}", q), "q");
        }
        for (String limit : List.of("0", "11", "-1", "ten")) {
            assertBadRequest(http.get().uri("/api/v1/products/suggest?q=lamp&limit={limit}", limit), "limit");
        }
    }

    private void assertBadRequest(org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request,
            String field) {
        request.exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }
}
