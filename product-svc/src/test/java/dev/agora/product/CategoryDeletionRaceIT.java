package dev.agora.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Mono;

/**
 * A category deleted while a product is filed under it: whichever transaction takes the category
 * first wins, and the other gets the answer it would get one moment later, never a 500. Each test
 * holds the first transaction open on its own connection, so the interleaving is certain.
 */
class CategoryDeletionRaceIT extends CatalogTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    ConnectionFactory connections;

    @Autowired
    DatabaseClient db;

    @Test
    void aProductFiledUnderACategoryBeingDeletedIsRefusedAsNamingNoCategory() throws Exception {
        UUID doomed = category("Doomed", null);
        TestVendor vendor = verifiedVendor("Latecomer");
        Connection deleting = Mono.from(connections.create()).block(WAIT);
        try {
            run(deleting, "BEGIN");
            run(deleting, "DELETE FROM categories WHERE id = '" + doomed + "'");
            CompletableFuture<EntityExchangeResult<String>> creating = CompletableFuture.supplyAsync(() ->
                    http.post().uri("/api/v1/products").headers(h -> h.setBearerAuth(vendor.token()))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(product("Orphan", "ORPHAN-1", "5.00", doomed))
                        .exchange().expectBody(String.class).returnResult());
            awaitOneWaitingForALock();
            run(deleting, "COMMIT");

            EntityExchangeResult<String> created = creating.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(created.getStatus().value()).isEqualTo(400);
            assertThat(created.getResponseBody()).contains("Some categories do not exist.").contains("categoryIds[0]");
        }
        finally {
            Mono.from(deleting.close()).block(WAIT);
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
        Connection filing = Mono.from(connections.create()).block(WAIT);
        try {
            run(filing, "BEGIN");
            run(filing, "INSERT INTO product_categories (product_id, category_id) VALUES ('" + productId + "', '" + contested + "')");
            CompletableFuture<EntityExchangeResult<String>> deleting = CompletableFuture.supplyAsync(() ->
                    http.delete().uri("/api/v1/categories/{id}", contested).headers(h -> h.setBearerAuth(admin()))
                        .exchange().expectBody(String.class).returnResult());
            awaitOneWaitingForALock();
            run(filing, "COMMIT");

            EntityExchangeResult<String> deleted = deleting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(deleted.getStatus().value()).isEqualTo(409);
            assertThat(deleted.getResponseBody()).contains("The category still has children or products.");
        }
        finally {
            Mono.from(filing.close()).block(WAIT);
        }
        http.get().uri("/api/v1/categories/{id}", contested).exchange().expectStatus().isOk();
    }

    private static void run(Connection connection, String sql) {
        Mono.from(connection.createStatement(sql).execute()).flatMap(r -> Mono.from(r.getRowsUpdated())).block(WAIT);
    }

    /** Until the request's transaction waits for the one this test holds open. */
    private void awaitOneWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Long waiting = db.sql("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
                .map(r -> r.get("n", Long.class)).one().block(WAIT);
            if (waiting != null && waiting > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No request waited for the open transaction's lock within " + WAIT);
    }
}
