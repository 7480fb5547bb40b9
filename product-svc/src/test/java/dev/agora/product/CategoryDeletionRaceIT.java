package dev.agora.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.agora.testsupport.OpenTransaction;

/**
 * A category deleted while a product is filed under it: whichever transaction takes the category
 * first wins, and the other gets the answer it would get one moment later, never a 500.
 */
class CategoryDeletionRaceIT extends CatalogTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    ConnectionFactory connections;

    @Test
    void aProductFiledUnderACategoryBeingDeletedIsRefusedAsNamingNoCategory() throws Exception {
        UUID doomed = category("Doomed", null);
        TestVendor vendor = verifiedVendor("Latecomer");
        try (OpenTransaction deleting = OpenTransaction.begin(connections)) {
            deleting.run("DELETE FROM categories WHERE id = '" + doomed + "'");
            CompletableFuture<EntityExchangeResult<String>> creating = CompletableFuture.supplyAsync(() ->
                    http.post().uri("/api/v1/products").headers(h -> h.setBearerAuth(vendor.token()))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(product("Orphan", "ORPHAN-1", "5.00", doomed))
                        .exchange().expectBody(String.class).returnResult());
            deleting.awaitAWaiter().commit();

            EntityExchangeResult<String> created = creating.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(created.getStatus().value()).isEqualTo(400);
            assertThat(created.getResponseBody()).contains("Some categories do not exist.").contains("categoryIds[0]");
        }
        http.get().uri("/api/v1/products/sku/ORPHAN-1").headers(h -> h.setBearerAuth(vendor.token()))
            .exchange().expectStatus().isNotFound();
    }

    @Test
    void aCategoryDeletedWhileAProductIsBeingFiledUnderItIsRefusedAsInUse() throws Exception {
        UUID contested = category("Contested", null);
        UUID shelf = category("Shelf", null);
        TestVendor vendor = verifiedVendor("Filer");
        Object productId = create(vendor.token(), product("Vase", "VASE-1", "15.00", shelf)).get("id");
        try (OpenTransaction filing = OpenTransaction.begin(connections)) {
            filing.run("INSERT INTO product_categories (product_id, category_id) VALUES ('" + productId + "', '" + contested + "')");
            CompletableFuture<EntityExchangeResult<String>> deleting = CompletableFuture.supplyAsync(() ->
                    http.delete().uri("/api/v1/categories/{id}", contested).headers(h -> h.setBearerAuth(admin()))
                        .exchange().expectBody(String.class).returnResult());
            filing.awaitAWaiter().commit();

            EntityExchangeResult<String> deleted = deleting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(deleted.getStatus().value()).isEqualTo(409);
            assertThat(deleted.getResponseBody()).contains("The category still has children or products.");
        }
        http.get().uri("/api/v1/categories/{id}", contested).exchange().expectStatus().isOk();
    }
}
