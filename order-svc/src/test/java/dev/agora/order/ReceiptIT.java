package dev.agora.order;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.agora.defaults.events.EventStreams;
import dev.agora.testsupport.StreamEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every paid order has a receipt its customer and admins download as PDF; refunds add a credit note. */
class ReceiptIT extends OrderTestBase {

    private String paidOrder(UUID buyer, UUID paymentId, String... names) {
        UUID vendor = UUID.randomUUID();
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (String name : names) {
            UUID id = UUID.randomUUID();
            PRODUCTS.on("GET", "/internal/products/" + id, 200, JSON.writeValueAsString(Map.of("id", id, "vendorId", vendor,
                    "name", name, "sku", "SKU-" + id.toString().substring(0, 6), "status", "active",
                    "price", Map.of("amount", "12.50", "currency", "USD"), "purchasable", true)));
            items.add(Map.of("productId", id, "quantity", 2));
        }
        PAYMENTS.script("POST", "/api/v1/payments", payment(paymentId, "succeeded"));
        String body = JSON.writeValueAsString(Map.of("items", items, "paymentMethod", "pm_card_visa",
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "12 St James's Sq", "city", "London",
                        "postalCode", "SW1Y 4JH", "country", "GB")));
        return placed(customer(buyer), body, 201).path("id").asString();
    }

    @Test
    void theCustomerDownloadsAReceiptOfWhatWasBoughtAndPaid() throws IOException {
        UUID buyer = UUID.randomUUID();
        String id = paidOrder(buyer, UUID.randomUUID(), "Walnut desk lamp", "Lampe de chevet élégante — ø 20 cm");
        String reference = get(customer(buyer), "/api/v1/orders/{id}", id).path("reference").asString();

        EntityExchangeResult<byte[]> receipt = download(customer(buyer), id, 200);
        assertThat(receipt.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(receipt.getResponseHeaders().getContentDisposition().getFilename()).isEqualTo("agora-receipt-" + reference + ".pdf");
        String text = text(receipt.getResponseBody());
        assertThat(text).contains("Receipt", "Order " + reference, "Ada Lovelace", "SW1Y 4JH London", "Walnut desk lamp",
                "Lampe de chevet élégante — ø 20 cm", "25.00", "Subtotal 50.00 USD", "Total paid 50.00 USD")
            .doesNotContain("Credit note");
        // Admins too.
        assertThat(text(download(admin(), id, 200).getResponseBody())).contains("Order " + reference);
    }

    @Test
    void eachRefundAddsItsOwnCreditNoteOnceHoweverOftenItIsDelivered() throws IOException {
        UUID buyer = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        String id = paidOrder(buyer, paymentId, "Copper kettle");
        String reference = get(customer(buyer), "/api/v1/orders/{id}", id).path("reference").asString();
        Map<String, String> dented = refund(paymentId, id, "10.00", "10.00", "dented", Instant.parse("2026-03-01T09:30:00Z"));
        deliver(dented);
        deliver(dented);
        deliver(refund(paymentId, id, "5.00", "15.00", "late delivery", Instant.parse("2026-03-02T14:00:00Z")));
        await().atMost(Duration.ofSeconds(10)).until(() -> "15.00"
            .equals(get(customer(buyer), "/api/v1/orders/{id}", id).path("refunded").path("amount").asString()));

        String text = text(download(customer(buyer), id, 200).getResponseBody());
        assertThat(text).contains("Credit note CN-" + reference + "-1", "2026-03-01 09:30 UTC", "Refunded 10.00 USD: dented",
                "Credit note CN-" + reference + "-2", "2026-03-02 14:00 UTC", "Refunded 5.00 USD: late delivery",
                "Refunded so far: 15.00 USD of 29.99 USD", "Net paid: 14.99 USD")
            .doesNotContain("CN-" + reference + "-3");
    }

    private static Map<String, String> refund(UUID paymentId, String orderId, String amount, String total, String reason, Instant at) {
        Map<String, Object> data = Map.of("paymentId", paymentId, "refundId", UUID.randomUUID(), "orderId", orderId,
                "amount", Map.of("amount", amount, "currency", "USD"), "totalRefunded", Map.of("amount", total, "currency", "USD"),
                "fullyRefunded", false, "reason", reason);
        return StreamEvents.entry(UUID.randomUUID(), "payment.refunded", at, paymentId.toString(), data);
    }

    private void deliver(Map<String, String> entry) {
        redis.opsForStream().add(StreamRecords.mapBacked(entry).withStreamKey(EventStreams.PAYMENTS))
            // Announced, as the relays announce what they publish: the consumer reads at once.
            .then(redis.convertAndSend(EventStreams.APPENDED, EventStreams.PAYMENTS))
            .block(Duration.ofSeconds(5));
    }

    @Test
    void aNameInAScriptTheFontLacksStillPrintsTheReceipt() throws IOException {
        UUID buyer = UUID.randomUUID();
        String id = paidOrder(buyer, UUID.randomUUID(), "कुर्सी 🪑 Chair");
        assertThat(text(download(customer(buyer), id, 200).getResponseBody())).contains("Chair");
    }

    @Test
    void onlyTheCustomerAndAdminsGetAReceiptAndOnlyOfAPaidOrder() {
        UUID buyer = UUID.randomUUID();
        String id = paidOrder(buyer, UUID.randomUUID(), "Oak stool");
        UUID vendorOfIt = UUID.fromString(get(admin(), "/api/v1/orders/{id}", id).path("items").get(0).path("vendorId").asString());
        problem(vendor(vendorOfIt), id, 403);
        problem(customer(UUID.randomUUID()), id, 404);
        problem(vendor(UUID.randomUUID()), id, 404);
        problem(customer(buyer), UUID.randomUUID().toString(), 404);
        problem(customer(buyer), "not-an-id", 400);
        http.get().uri("/api/v1/orders/{id}/receipt", id).exchange().expectStatus().isUnauthorized();

        UUID failed = product("5.00");
        PAYMENTS.script("POST", "/api/v1/payments", problem(402, "payment-declined"));
        String declined = decided(customer(buyer), order(failed, 1, "pm_card_declined")).path("id").asString();
        problem(customer(buyer), declined, 409);
    }

    private EntityExchangeResult<byte[]> download(String token, String id, int status) {
        return http.get().uri("/api/v1/orders/{id}/receipt", id).headers(h -> h.setBearerAuth(token))
            .accept(MediaType.APPLICATION_PDF, MediaType.APPLICATION_PROBLEM_JSON)
            .exchange().expectStatus().isEqualTo(status).expectBody(byte[].class).returnResult();
    }

    private void problem(String token, String id, int status) {
        http.get().uri("/api/v1/orders/{id}/receipt", id).headers(h -> h.setBearerAuth(token))
            .accept(MediaType.APPLICATION_PDF, MediaType.APPLICATION_PROBLEM_JSON)
            .exchange().expectStatus().isEqualTo(status)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static String text(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("[ \\t]+", " ");
        }
    }
}
