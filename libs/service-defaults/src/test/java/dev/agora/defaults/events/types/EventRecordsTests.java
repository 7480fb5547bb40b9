package dev.agora.defaults.events.types;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.events.ReceivedEvent;
import dev.agora.defaults.money.Money;

import static org.assertj.core.api.Assertions.assertThat;

class EventRecordsTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anOrderEventLeavesOutWhatItDoesNotHave() {
        var created = new OrderEvent(UUID.randomUUID(), "AG-0000-0000", UUID.randomUUID(), "PENDING", null, null, null,
                new Money("10.00", "USD"), List.of(new OrderEvent.Line(UUID.randomUUID(), UUID.randomUUID(), "Lamp",
                        "LAMP-1", 2, new Money("5.00", "USD"), null)), null, null, null);

        var written = json.readTree(json.writeValueAsString(created));

        assertThat(written.has("previousStatus")).isFalse();
        assertThat(written.has("paymentId")).isFalse();
        assertThat(written.has("shipment")).isFalse();
        assertThat(written.has("cancellation")).isFalse();
        assertThat(written.path("items").get(0).has("variantId")).isFalse();
        assertThat(written.path("items").get(0).path("unitPrice").path("amount").asString()).isEqualTo("5.00");
    }

    @Test
    void aConsumerReadsTheRecordAndIgnoresFieldsANewerProducerAdded() {
        UUID payment = UUID.randomUUID();
        var data = json.readTree("""
                {"paymentId": "%s", "orderId": "%s", "userId": "%s", "amount": {"amount": "3.00", "currency": "EUR"},
                 "totalRefunded": {"amount": "9.00", "currency": "EUR"}, "fullyRefunded": true, "newField": 1}"""
            .formatted(payment, UUID.randomUUID(), UUID.randomUUID()));
        var event = new ReceivedEvent(UUID.randomUUID(), EventTypes.PAYMENT_REFUNDED, 1, Instant.now(), "payment-svc",
                payment.toString(), data);

        PaymentRefunded refund = event.data(PaymentRefunded.class);

        assertThat(refund.paymentId()).isEqualTo(payment);
        assertThat(refund.totalRefunded().value()).isEqualByComparingTo("9.00");
        assertThat(refund.fullyRefunded()).isTrue();
        assertThat(refund.reason()).isNull();
    }
}
