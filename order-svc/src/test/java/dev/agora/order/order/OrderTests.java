package dev.agora.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTests {

    private static final UUID NORTH = UUID.fromString("01a24648-d6fe-7221-b86b-0000000000f1");
    private static final UUID HARBOR = UUID.fromString("01a24648-d6fe-7221-b86b-0000000000f2");
    private static final Instant NOW = Instant.parse("2026-12-05T21:00:00Z");

    @Test
    void aCancelledOrdersPartsReadCancelledNotStillToShip() {
        Order order = order(OrderStatus.CANCELLED, List.of());

        assertThat(order.view().fulfilments()).extracting(Order.FulfilmentView::status)
            .containsExactly(FulfilmentStatus.CANCELLED, FulfilmentStatus.CANCELLED);
        assertThat(order.vendorView(HARBOR).fulfilments()).extracting(Order.FulfilmentView::status)
            .containsExactly(FulfilmentStatus.CANCELLED);
    }

    @Test
    void anOrderWhosePaymentFailedShipsNothing() {
        assertThat(order(OrderStatus.PAYMENT_FAILED, List.of()).view().fulfilments()).extracting(Order.FulfilmentView::status)
            .containsExactly(FulfilmentStatus.CANCELLED, FulfilmentStatus.CANCELLED);
    }

    @Test
    void aPartCancelledOnItsOwnKeepsItsTimeAndRefundOnceTheWholeOrderIs() {
        var alone = new Order.Fulfilment(NORTH, FulfilmentStatus.CANCELLED, null, null, null, null, NOW, new BigDecimal("10.00"));

        var parts = order(OrderStatus.CANCELLED, List.of(alone)).view().fulfilments();

        assertThat(parts.get(0).cancelledAt()).isEqualTo(NOW);
        assertThat(parts.get(0).refund().amount()).isEqualTo("10.00");
        assertThat(parts.get(1).status()).isEqualTo(FulfilmentStatus.CANCELLED);
        assertThat(parts.get(1).cancelledAt()).isNull();
    }

    @Test
    void aConfirmedOrdersUnshippedPartsAreStillToShip() {
        var shipped = new Order.Fulfilment(NORTH, FulfilmentStatus.SHIPPED, "DHL", "T1234", NOW, null, null, null);

        assertThat(order(OrderStatus.PARTIALLY_SHIPPED, List.of(shipped)).view().fulfilments()).extracting(Order.FulfilmentView::status)
            .containsExactly(FulfilmentStatus.SHIPPED, FulfilmentStatus.PENDING);
    }

    private static Order order(OrderStatus status, List<Order.Fulfilment> fulfilments) {
        var lamp = new Order.Item(UUID.randomUUID(), null, NORTH, "Brass Desk Lamp", "DEMO-1-3", new BigDecimal("10.00"), 1,
                new BigDecimal("10.00"));
        var pan = new Order.Item(UUID.randomUUID(), null, HARBOR, "Oak Pan", "DEMO-5-1", new BigDecimal("20.00"), 1,
                new BigDecimal("20.00"));
        return new Order(UUID.randomUUID(), "AG-TEST-0001", UUID.randomUUID(), status, null, null, "USD", new BigDecimal("30.00"),
                BigDecimal.ZERO, new BigDecimal("30.00"), null, "pm_card_visa", null, "key", "hash", SagaStep.DONE, null,
                BigDecimal.ZERO, NOW, NOW, List.of(lamp, pan), fulfilments);
    }
}
