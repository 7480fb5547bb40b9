package dev.agora.defaults.events.types;

/**
 * Every event type of the platform, with the record its {@code data} is (DESIGN.md, Events). A
 * producer writes that record and a consumer reads it with
 * {@link dev.agora.defaults.events.ReceivedEvent#data(Class)}; adding a field is compatible,
 * removing or renaming one is a new {@code version}.
 */
public final class EventTypes {

    /** {@link UserRegistered}, on {@code agora:events:users}. */
    public static final String USER_REGISTERED = "user.registered";

    /**
     * {@link PasswordResetRequested}, on {@code agora:events:users}: notification-svc emails the
     * link. It carries the single-use token, so no consumer may log or keep its data.
     */
    public static final String USER_PASSWORD_RESET_REQUESTED = "user.password_reset_requested";

    /**
     * {@link EmailVerificationRequested}, on {@code agora:events:users}: notification-svc emails the
     * link that proves the address. It carries the single-use token, so no consumer may log or keep its data.
     */
    public static final String USER_EMAIL_VERIFICATION_REQUESTED = "user.email_verification_requested";

    /** {@link EmailVerified}, on {@code agora:events:users}: the user proved their address. */
    public static final String USER_EMAIL_VERIFIED = "user.email_verified";

    /** The product as the API returns it (product-svc's {@code Product.View}); no consumer yet. */
    public static final String PRODUCT_CREATED = "product.created";

    /** The product as the API returns it (product-svc's {@code Product.View}); no consumer yet. */
    public static final String PRODUCT_UPDATED = "product.updated";

    /** {@link ProductPriceChanged}. */
    public static final String PRODUCT_PRICE_CHANGED = "product.price_changed";

    /** {@link ProductArchived}. */
    public static final String PRODUCT_ARCHIVED = "product.archived";

    /** {@link ProductReviewRequested}. */
    public static final String PRODUCT_REVIEW_REQUESTED = "product.review_requested";

    /** {@link ProductApproved}; notification-svc tells the vendor. */
    public static final String PRODUCT_APPROVED = "product.approved";

    /** {@link ProductRejected}; notification-svc tells the vendor why. */
    public static final String PRODUCT_REJECTED = "product.rejected";

    /** {@link LowStock}, on {@code agora:events:inventory}. */
    public static final String INVENTORY_LOW_STOCK = "inventory.low_stock";

    /** {@link StockChanged}. */
    public static final String INVENTORY_STOCK_CHANGED = "inventory.stock_changed";

    /** {@link OrderEvent} for every order status change, on {@code agora:events:orders}. */
    public static final String ORDER_CREATED = "order.created";
    public static final String ORDER_CONFIRMED = "order.confirmed";
    public static final String ORDER_PAYMENT_FAILED = "order.payment_failed";
    /** Some of an order's vendors shipped their part; carries the parcel that just left in {@code shipment}. */
    public static final String ORDER_PARTIALLY_SHIPPED = "order.partially_shipped";
    /** Every part of the order shipped; {@code shipment} is the last parcel, absent when an admin shipped everything at once. */
    public static final String ORDER_SHIPPED = "order.shipped";
    public static final String ORDER_DELIVERED = "order.delivered";
    /**
     * One vendor's part was cancelled before it shipped: {@code cancellation} carries its lines and
     * refund; the order's status may have moved with it (to {@code SHIPPED} when every other part has).
     */
    public static final String ORDER_PART_CANCELLED = "order.part_cancelled";
    public static final String ORDER_CANCELLED = "order.cancelled";
    public static final String ORDER_REFUNDED = "order.refunded";

    /** {@link PaymentSettled}, on {@code agora:events:payments}. */
    public static final String PAYMENT_SUCCEEDED = "payment.succeeded";

    /** {@link PaymentSettled}. */
    public static final String PAYMENT_FAILED = "payment.failed";

    /** {@link PaymentRefunded}. */
    public static final String PAYMENT_REFUNDED = "payment.refunded";

    /** {@link ReviewEvent}, on {@code agora:events:reviews}. */
    public static final String REVIEW_CREATED = "review.created";
    public static final String REVIEW_UPDATED = "review.updated";
    public static final String REVIEW_DELETED = "review.deleted";

    private EventTypes() {
    }
}
