package dev.agora.product;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optional GTIN barcodes: checked, unique across every length of the same number, found by lookup,
 * imported and exported.
 */
class BarcodeIT extends CatalogTestBase {

    @Test
    void aProductCarriesAGtinFoundByAnyLengthOfIt() {
        UUID cat = category("Barcode Pantry", null);
        TestVendor vendor = verifiedVendor("Barcoder");
        Map<String, Object> body = product("Canned Beans", "BAR-1", "1.99", cat);
        body.put("barcode", "036000291452");
        Map<String, Object> created = create(vendor.token(), body);
        assertThat(created).containsEntry("barcode", "036000291452");

        http.get().uri("/api/v1/products/barcode/036000291452").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.sku").isEqualTo("BAR-1");
        // The EAN-13 and GTIN-14 spellings of the same number find it too.
        http.get().uri("/api/v1/products/barcode/0036000291452").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.sku").isEqualTo("BAR-1");
        http.get().uri("/api/v1/products/barcode/00036000291452").exchange().expectStatus().isOk();
        // Search takes a scanned barcode as well as words.
        http.get().uri("/api/v1/products?q=0036000291452").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].sku").isEqualTo("BAR-1");
        http.get().uri("/api/v1/products/barcode/4006381333931").exchange().expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/products/barcode/12345").exchange().expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("gtin");
    }

    @Test
    void aBadOrTakenBarcodeIsRefusedAndNothingIsWritten() {
        UUID cat = category("Barcode Checks", null);
        TestVendor vendor = verifiedVendor("Checker");
        TestVendor other = verifiedVendor("Taker");
        Map<String, Object> wrong = product("Wrong Digit", "BAR-2", "1.00", cat);
        wrong.put("barcode", "4006381333932");
        http.post().uri("/api/v1/products").headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(wrong).exchange().expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("barcode")
            .jsonPath("$.errors[0].message").isEqualTo("has a wrong check digit (the last digit should be 1)");
        http.get().uri("/api/v1/products/sku/BAR-2").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNotFound();

        Map<String, Object> first = product("First", "BAR-3", "1.00", cat);
        first.put("barcode", "4006381333931");
        create(other.token(), first);
        // The same number as a GTIN-14 is the same trade item: taken, even for another vendor.
        Map<String, Object> second = product("Second", "BAR-4", "1.00", cat);
        second.put("barcode", "04006381333931");
        http.post().uri("/api/v1/products").headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(second).exchange().expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.detail").isEqualTo("A product with this barcode already exists.");
        http.get().uri("/api/v1/products/sku/BAR-4").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBarcodeIsChangedAndRemovedByPatch() {
        UUID cat = category("Barcode Edits", null);
        TestVendor vendor = verifiedVendor("Editor");
        Map<String, Object> created = create(vendor.token(), product("Edited", "BAR-5", "1.00", cat));
        assertThat(created.get("barcode")).isNull();
        String id = (String) created.get("id");
        Map<String, Object> set = http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("barcode", "96385074", "version", created.get("version")))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(set).containsEntry("barcode", "96385074");
        // A PATCH without the field keeps it; an empty string removes it.
        Map<String, Object> renamed = http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Renamed", "version", set.get("version")))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(renamed).containsEntry("barcode", "96385074");
        Map<String, Object> cleared = http.patch().uri("/api/v1/products/{id}", id).headers(h -> h.setBearerAuth(vendor.token()))
            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("barcode", "", "version", renamed.get("version")))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(cleared.get("barcode")).isNull();
        http.get().uri("/api/v1/products/barcode/96385074").exchange().expectStatus().isNotFound();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImportTakesABarcodeColumnAndReportsDuplicates() {
        UUID cat = category("Barcode Imports", null);
        TestVendor vendor = verifiedVendor("Scanner");
        Map<String, Object> existing = product("Existing", "BAR-6", "1.00", cat);
        existing.put("barcode", "10036000291459");
        create(vendor.token(), existing);
        String csv = """
                sku,name,price,currency,categories,barcode,status
                BIMP-1,Scanned,1.00,USD,barcode-imports,5901234123457,active
                BIMP-2,In File Twice,1.00,USD,barcode-imports,05901234123457,active
                BIMP-3,In Catalogue,1.00,USD,barcode-imports,10036000291459,active
                BIMP-4,Bad Digit,1.00,USD,barcode-imports,5901234123458,active
                BIMP-5,No Barcode,1.00,USD,barcode-imports,,active
                """;
        Map<String, Object> job = awaitDone(vendor.token(), upload(vendor.token(), csv, null, 202));
        assertThat(job).containsEntry("succeeded", 2).containsEntry("duplicates", 2).containsEntry("failed", 1);
        var errors = (List<Map<String, Object>>) job.get("errors");
        assertThat(errors).extracting(e -> e.get("row") + ":" + e.get("field") + ":" + e.get("message")).containsExactly(
                "3:barcode:duplicates another product's barcode", "4:barcode:duplicates another product's barcode",
                "5:barcode:has a wrong check digit (the last digit should be 7)");
        // Imported by the vendor, they wait for review: the vendor looks them up.
        http.get().uri("/api/v1/products/barcode/5901234123457").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.sku").isEqualTo("BIMP-1");
        http.get().uri("/api/v1/products/sku/BIMP-5").headers(h -> h.setBearerAuth(vendor.token())).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.barcode").doesNotExist();

        String export = new String(http.get().uri("/api/v1/products/export").headers(h -> h.setBearerAuth(vendor.token()))
            .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(export).contains("BIMP-1,Scanned,").contains(",5901234123457,\r\n");
    }
}
