package dev.agora.order.order;

import java.util.Locale;

/**
 * The checkout or compensation step an order still has to run (stored lowercase in
 * {@code orders.saga_step}): reserve → charge → commit when all goes well; refund → release to
 * undo; refund_parts to refund and restock the parts of a settled order its customer cancelled;
 * {@code DONE} when nothing is left.
 */
public enum SagaStep {
    RESERVE, CHARGE, COMMIT, REFUND, RELEASE, REFUND_PARTS, DONE;

    /** As stored. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the stored value. */
    public static SagaStep ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
