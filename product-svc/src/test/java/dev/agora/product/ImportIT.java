package dev.agora.product;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.agora.testsupport.OpenTransaction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk CSV imports: counts, per-row errors, vendor restrictions, progress.
 */
class ImportIT extends CatalogTestBase {

    @Autowired
    ConnectionFactory connections;

    @Test
    @SuppressWarnings("unchecked")
    void goodMalformedDuplicateAndForeignRowsAreCountedAndExplained() {
        category("Import Lamps", null);
        TestVendor vendor = verifiedVendor("Importer");
        TestVendor other = verifiedVendor("Bystander");
        create(other.token(), product("Existing", "EXIST-1", "5.00", category("Import Other", null)));
        String csv = """
                sku,name,price,currency,categories,tags,images,status,vendor_id
                IMP-1,Good Lamp,19.99,USD,import-lamps,desk|brass,https://img.example/1.jpg,active,
                IMP-2,"Lamp, with comma",5,USD,import-lamps,,,draft,
                IMP-3,Bad Price,abc,USD,import-lamps,,,active,
                IMP-4,,10.00,USD,import-lamps,,,active,
                IMP-1,Dup In File,10.00,USD,import-lamps,,,active,
                exist-1,Dup In Db,10.00,USD,import-lamps,,,active,
                IMP-5,Foreign,10.00,USD,import-lamps,,,active,%s
                IMP-6,Nowhere,10.00,USD,no-such-category,,,active,
                IMP-7,Too Precise,1.005,USD,import-lamps,,,active,
                """.formatted(other.id());
        String id = upload(vendor.token(), csv, null, 202);
        Map<String, Object> job = awaitDone(vendor.token(), id);
        assertThat(job).containsEntry("status", "completed").containsEntry("total", 9).containsEntry("processed", 9)
            .containsEntry("succeeded", 2).containsEntry("duplicates", 2).containsEntry("failed", 5);
        var errors = (List<Map<String, Object>>) job.get("errors");
        assertThat(errors).extracting(e -> e.get("row") + ":" + e.get("field")).contains("4:price", "5:name", "6:sku", "7:sku",
                "8:vendor_id", "9:categories", "10:price");

        // A vendor's imports wait for review: the vendor sees them, shoppers do not yet.
        http.get().uri("/api/v1/products/sku/IMP-1").exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products/sku/IMP-1").headers(h -> h.setBearerAuth(vendor.token())).exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.vendorId").isEqualTo(vendor.id().toString())
            .jsonPath("$.tags.length()").isEqualTo(2)
            .jsonPath("$.images[0].url").isEqualTo("https://img.example/1.jpg");
        http.get().uri("/api/v1/products/sku/IMP-2").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectBody().jsonPath("$.name").isEqualTo("Lamp, with comma").jsonPath("$.status").isEqualTo("draft");
        http.get().uri("/api/v1/products/sku/IMP-5").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNotFound();

        // Only the uploader and admins see the job.
        http.get().uri("/api/v1/products/imports/{id}", id).headers(h -> h.setBearerAuth(other.token()))
            .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products/imports/{id}", id).headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isOk();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRowWithExtraFieldsOrABadCellIsThatRowsErrorAndTheOtherRowsImport() {
        category("Shape Lamps", null);
        TestVendor vendor = verifiedVendor("Shaper");
        String csv = "sku,name,price,currency,categories,description\n"
                + "SHP-1,Fine Lamp,10.00,USD,shape-lamps,A lamp\n"
                // An unquoted comma: seven fields under a six-column header. It used to import as "Brass".
                + "SHP-2,Comma Lamp,10.00,USD,shape-lamps,Brass, with a shade\n"
                + "SHP-3,Nul Lamp,10.00,USD,shape-lamps,bad\u0000cell\n"
                + "SHP-4,Short Row,10.00,USD\n"
                + "SHP-5,Also Fine,12.00,USD,shape-lamps,\"Quoted, properly\"\n";
        String id = upload(vendor.token(), csv, null, 202);
        Map<String, Object> job = awaitDone(vendor.token(), id);
        assertThat(job).containsEntry("status", "completed").containsEntry("total", 5).containsEntry("processed", 5)
            .containsEntry("succeeded", 2).containsEntry("failed", 3);
        var errors = (List<Map<String, Object>>) job.get("errors");
        assertThat(errors).extracting(e -> e.get("row") + ":" + e.get("field"))
            .containsExactlyInAnyOrder("3:row", "4:description", "5:row");
        assertThat(errors).filteredOn(e -> e.get("row").equals(3)).extracting(e -> (String) e.get("message"))
            .containsExactly("has 7 fields but the header has 6; quote values that contain a comma");
        http.get().uri("/api/v1/products/sku/SHP-2").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products/sku/SHP-5").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.description").isEqualTo("Quoted, properly");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRowFiledUnderACategoryDeletedDuringTheImportSaysSoAndTheOthersImport() throws Exception {
        UUID doomed = category("Doomed Imports", null);
        category("Lasting Imports", null);
        TestVendor vendor = verifiedVendor("Unlucky Importer");
        // The category is being deleted (it holds nothing yet), not yet committed, while the file is read.
        try (OpenTransaction deleting = OpenTransaction.begin(connections)) {
            deleting.run("DELETE FROM categories WHERE id = '" + doomed + "'");
            String id = upload(vendor.token(), "sku,name,price,currency,categories\n"
                    + "GONE-1,Homeless Lamp,10.00,USD,doomed-imports\nSTAY-1,Housed Lamp,10.00,USD,lasting-imports\n", null, 202);
            deleting.awaitAWaiter().commit();

            Map<String, Object> job = awaitDone(vendor.token(), id);
            assertThat(job).containsEntry("status", "completed").containsEntry("succeeded", 1).containsEntry("failed", 1);
            assertThat((List<Map<String, Object>>) job.get("errors")).extracting(e -> e.get("row") + ":" + e.get("field") + ":" + e.get("message"))
                .containsExactly("2:categories:names a category that was deleted during the import");
        }
        http.get().uri("/api/v1/products/sku/GONE-1").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products/sku/STAY-1").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isOk();
    }

    @Test
    void aFileThatIsNotCsvPartWayIsRefusedAtUploadNamingTheLine() {
        category("Broken Lamps", null);
        TestVendor vendor = verifiedVendor("Breaker");
        upload(vendor.token(), "sku,name,price,currency,categories\nBRK-1,Fine,1.00,USD,broken-lamps\n"
                + "BRK-2,\"Unclosed,1.00,USD,broken-lamps\nBRK-3,Fine,1.00,USD,broken-lamps\n", null, 400);
        http.get().uri("/api/v1/products/sku/BRK-1").headers(h -> h.setBearerAuth(admin())).exchange().expectStatus().isNotFound();
    }

    @Test
    void adminsImportForAVendorAndBadUploadsAreRefused() {
        category("Admin Imports", null);
        TestVendor vendor = verifiedVendor("Supplied");
        String id = upload(admin(), "sku,name,price,currency,categories\nADM-1,Admin Lamp,9.00,USD,admin-imports\n",
                vendor.id().toString(), 202);
        assertThat(awaitDone(admin(), id)).containsEntry("succeeded", 1);
        String none = upload(admin(), "sku,name,price,currency,categories\nADM-2,No Vendor,9.00,USD,admin-imports\n", null, 202);
        assertThat(awaitDone(admin(), none)).containsEntry("failed", 1);

        upload(vendor.token(), "name,price\nx,1\n", null, 400);
        upload(vendor.token(), "sku,name,price,currency,categories,secret\n", null, 400);
        upload(customer(UUID.randomUUID()), "sku,name,price,currency,categories\n", null, 403);
    }

    @Test
    void anAdminNamingNoVendorGetsA400AndNoJob() {
        importRequest(admin(), "sku,name,price,currency,categories\nNOV-1,Lamp,9.00,USD,x\n", UUID.randomUUID().toString())
            .expectStatus().isBadRequest()
            .expectHeader().contentType("application/problem+json")
            .expectBody().jsonPath("$.errors[0].field").isEqualTo("vendorId");
        http.get().uri("/api/v1/products/imports").headers(h -> h.setBearerAuth(admin())).exchange()
            .expectBody().jsonPath("$.items[?(@.fileName == 'products.csv' && @.total == 1 && @.succeeded == 0)]").doesNotExist();
    }

    @Test
    void aMultipartBodyThatCannotBeParsedIsA400() {
        TestVendor vendor = verifiedVendor("Broken Uploads");
        String part = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nsku,name,price,currency,categories\r\n";
        // No boundary in the type; a body that never reaches its boundary; one that never ends; none.
        for (var broken : List.of(Map.entry("multipart/form-data", part + "--b0undary--\r\n"),
                Map.entry("multipart/form-data; boundary=b0undary", ""),
                Map.entry("multipart/form-data; boundary=other", part + "--b0undary--\r\n"),
                Map.entry("multipart/form-data; boundary=b0undary", part))) {
            http.post().uri("/api/v1/products/imports").headers(h -> h.setBearerAuth(vendor.token()))
                .header("Content-Type", broken.getKey()).bodyValue(broken.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith("The multipart body"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVendorListsItsOwnImportsNewestFirstAndAdminsListAnyVendors() {
        category("Listed Lamps", null);
        TestVendor vendor = verifiedVendor("Lister");
        TestVendor other = verifiedVendor("Other Lister");
        String first = upload(vendor.token(), "sku,name,price,currency,categories\nLST-1,One,1.00,USD,listed-lamps\n", null, 202);
        awaitDone(vendor.token(), first);
        String second = upload(vendor.token(), "sku,name,price,currency,categories\nLST-2,Two,2.00,USD,listed-lamps\n"
                + "LST-3,Bad,free,USD,listed-lamps\n", null, 202);
        awaitDone(vendor.token(), second);
        String foreign = upload(other.token(), "sku,name,price,currency,categories\nLST-9,Nine,9.00,USD,listed-lamps\n", null, 202);
        awaitDone(other.token(), foreign);

        Map<String, Object> page = http.get().uri("/api/v1/products/imports").headers(h -> h.setBearerAuth(vendor.token()))
            .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        var items = (List<Map<String, Object>>) page.get("items");
        assertThat(page).containsEntry("totalItems", 2);
        assertThat(items).extracting(i -> i.get("id")).containsExactly(second, first);
        assertThat(items.getFirst()).containsEntry("status", "completed").containsEntry("fileName", "products.csv")
            .containsEntry("succeeded", 1).containsEntry("failed", 1).containsEntry("vendorId", vendor.id().toString())
            // A list item is a summary: the row errors are on the job itself.
            .doesNotContainKey("errors");

        http.get().uri("/api/v1/products/imports?size=1&page=1").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody()
            .jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(first)
            .jsonPath("$.totalPages").isEqualTo(2);
        http.get().uri("/api/v1/products/imports").headers(h -> h.setBearerAuth(other.token())).exchange()
            .expectBody().jsonPath("$.totalItems").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(foreign);
        // Another vendor's imports are not a vendor's to filter by.
        http.get().uri("/api/v1/products/imports?vendor={v}", vendor.id()).headers(h -> h.setBearerAuth(other.token()))
            .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/products/imports?vendor={v}", vendor.id()).headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.totalItems").isEqualTo(2);

        http.get().uri("/api/v1/products/imports?size=101").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isBadRequest().expectHeader().contentType("application/problem+json");
        http.get().uri("/api/v1/products/imports?vendor=nope").headers(h -> h.setBearerAuth(admin())).exchange()
            .expectStatus().isBadRequest().expectHeader().contentType("application/problem+json");
        http.get().uri("/api/v1/products/imports").headers(h -> h.setBearerAuth(customer(UUID.randomUUID()))).exchange()
            .expectStatus().isForbidden();
        http.get().uri("/api/v1/products/imports").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aFileSavedByASpreadsheetWithAByteOrderMarkImports() {
        category("Bom Lamps", null);
        TestVendor vendor = verifiedVendor("Bom Seller");
        // Excel's "CSV UTF-8" starts the file with U+FEFF; the first column used to read as "\uFEFFsku".
        String id = upload(vendor.token(), "\uFEFFsku,name,price,currency,categories\nBOM-1,Dīwali Lamp,4.00,USD,bom-lamps\n",
                null, 202);
        assertThat(awaitDone(vendor.token(), id)).containsEntry("status", "completed").containsEntry("succeeded", 1);
        http.get().uri("/api/v1/products/sku/BOM-1").headers(h -> h.setBearerAuth(vendor.token())).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Dīwali Lamp");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLargeFileStreamsWithVisibleProgress() {
        category("Bulk", null);
        TestVendor vendor = verifiedVendor("Bulk Seller");
        StringBuilder csv = new StringBuilder("sku,name,price,currency,categories,tags,status\n");
        int rows = 2000;
        for (int i = 0; i < rows; i++) {
            csv.append("BULK-").append(i).append(",Bulk Item ").append(i).append(',').append(1 + i % 90).append(".50,USD,bulk,bulk,active\n");
        }
        String id = upload(vendor.token(), csv.toString(), null, 202);
        List<Integer> seen = new ArrayList<>();
        Map<String, Object> job;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        do {
            assertThat(System.nanoTime()).as("the import finishing within 2 minutes").isLessThan(deadline);
            job = http.get().uri("/api/v1/products/imports/{id}", id).headers(h -> h.setBearerAuth(vendor.token()))
                .exchange().expectBody(Map.class).returnResult().getResponseBody();
            seen.add(((Number) job.get("processed")).intValue());
            // The denominator is known from the first poll, so a client can draw a real progress bar.
            assertThat(job).containsEntry("total", rows);
            sleep(100);
        }
        while (List.of("queued", "running").contains(job.get("status")));
        assertThat(job).containsEntry("status", "completed").containsEntry("succeeded", rows);
        assertThat(seen).as("progress while running").anyMatch(n -> n > 0 && n < rows);
        http.get().uri("/api/v1/products?category=bulk&status=active&size=1").headers(h -> h.setBearerAuth(vendor.token()))
            .exchange().expectBody().jsonPath("$.totalItems").isEqualTo(rows);
    }
}
