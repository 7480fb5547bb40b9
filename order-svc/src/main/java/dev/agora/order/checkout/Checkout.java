package dev.agora.order.checkout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.defaults.Uuids;
import dev.agora.defaults.money.Money;
import dev.agora.defaults.security.AgoraPrincipal;
import dev.agora.defaults.web.AgoraException;
import dev.agora.defaults.web.IdempotencyKey;
import dev.agora.defaults.web.Problems;
import dev.agora.order.OrderProperties;
import dev.agora.order.order.Order;
import dev.agora.order.order.OrderReference;
import dev.agora.order.order.OrderRepository;
import dev.agora.order.order.OrderStatus;
import dev.agora.order.order.OrderTransitions;
import dev.agora.order.order.SagaStep;
import dev.agora.order.saga.Saga;
import dev.agora.defaults.web.ProblemType;

/**
 * {@code POST /orders}: checks and prices the request (nothing is written for bad input), creates
 * the order {@code PENDING} under the caller's idempotency key, then drives the saga for up to
 * {@code agora.orders.checkout-wait}.
 */
@Service
class Checkout {

    /** The lines as product-svc prices them now, all in one currency. */
    private record Priced(List<Order.Item> lines, String currency) {
    }

    /** The order after checkout, and whether this request was a replay of an earlier one. */
    record Outcome(Order order, boolean replayed) {
    }

    private final OrderRepository orders;
    private final OrderTransitions transitions;
    private final Catalog catalog;
    private final SavedAddresses addresses;
    private final VerifiedBuyers buyers;
    private final PaymentMethods methods;
    private final Saga saga;
    private final OrderProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    Checkout(OrderRepository orders, OrderTransitions transitions,
            Catalog catalog, SavedAddresses addresses, VerifiedBuyers buyers, PaymentMethods methods, Saga saga, OrderProperties properties, JsonMapper json, Clock clock) {
        this.orders = orders;
        this.transitions = transitions;
        this.catalog = catalog;
        this.addresses = addresses;
        this.buyers = buyers;
        this.methods = methods;
        this.saga = saga;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    Mono<Outcome> checkout(AgoraPrincipal caller, IdempotencyKey key, CheckoutRequest request) {
        rejectDuplicateProducts(request);
        requireOneAddress(request);
        String fingerprint = IdempotencyKey.fingerprint(json, request);
        return orders.findByKey(caller.userId(), key.value())
            .flatMap(existing -> replay(existing, fingerprint))
            // Nothing is written until the buyer, the products and the payment method are known good.
            .switchIfEmpty(Mono.defer(() -> buyers.require(caller).then(Mono.zip(price(request),
                    methods.require(request.paymentMethod()), shippingAddress(caller, request)))
                .flatMap(checked -> Mono.defer(() -> create(caller, key, fingerprint, request, checked.getT1(), checked.getT3()))
                    // A reference another order drew first: draw again (the key's own conflict is handled inside).
                    .retryWhen(Retry.max(3).filter(ex -> ex instanceof DataIntegrityViolationException violation
                            && String.valueOf(violation.getMessage()).contains("orders_reference"))))));
    }

    private Mono<Outcome> replay(Order existing, String fingerprint) {
        if (!existing.requestHash().equals(fingerprint)) {
            return Mono.error(IdempotencyKey.mismatch());
        }
        if (existing.status() == OrderStatus.PENDING && existing.sagaStep() != SagaStep.DONE) {
            return Mono.error(IdempotencyKey.inFlight());
        }
        return Mono.just(new Outcome(existing, true));
    }

    /** The address written out, or a copy of the caller's saved one (another user's is not found). */
    private Mono<Order.ShippingAddress> shippingAddress(AgoraPrincipal caller, CheckoutRequest request) {
        return request.addressId() == null ? Mono.just(request.shippingAddress().toAddress())
                : addresses.find(caller.userId(), request.addressId())
                    .switchIfEmpty(Mono.error(() -> AgoraException.notFound("The address")));
    }

    private Mono<Outcome> create(AgoraPrincipal caller, IdempotencyKey key, String fingerprint, CheckoutRequest request,
            Priced priced, Order.ShippingAddress address) {
        List<Order.Item> lines = priced.lines();
        String currency = priced.currency();
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        BigDecimal subtotal = lines.stream().map(Order.Item::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal shipping = subtotal.compareTo(properties.freeShippingFrom()) >= 0 ? BigDecimal.ZERO
                : properties.shippingFee().setScale(digits, RoundingMode.HALF_UP);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Order order = new Order(Uuids.v7(), OrderReference.next(), caller.userId(), OrderStatus.PENDING, null, null, currency,
                subtotal, shipping, subtotal.add(shipping), address, request.paymentMethod(),
                null, key.value(), fingerprint, SagaStep.RESERVE, null, BigDecimal.ZERO, now, now, lines, List.of());
        // The request drives the saga first; recovery takes over only if it stops.
        return transitions.create(order, "user:" + caller.userId(), now.plus(properties.sagaLease())).flatMap(created -> {
            if (!created) {
                // A concurrent request with the same key won.
                return orders.findByKey(caller.userId(), key.value()).flatMap(existing -> replay(existing, fingerprint));
            }
            // Detached from the request: a client that hangs up does not stop its checkout halfway. It
            // keeps the request's context, so that its calls, logs and events stay in the request's trace.
            Mono<Order> driven = Mono.deferContextual(context -> Mono.fromFuture(
                    saga.checkout(order).contextWrite(context).toFuture(), true));
            return driven.timeout(properties.checkoutWait(), orders.find(order.id()))
                .map(o -> new Outcome(o, false));
        });
    }

    /** What one line of the request is, as product-svc knows it now: a product sold as itself, or a variant of one. */
    private record Sellable(UUID productId, UUID variantId, UUID vendorId, String name, String sku, Money price,
            boolean purchasable, boolean hasVariants) {
    }

    private Mono<Optional<Sellable>> sellable(CheckoutRequest.Line line) {
        Mono<Sellable> found = line.variantId() == null
                ? catalog.find(line.productId()).map(p -> new Sellable(p.id(), null, p.vendorId(), p.name(), p.sku(), p.price(),
                        p.purchasable(), p.soldInVariants()))
                : catalog.variant(line.productId(), line.variantId()).map(v -> new Sellable(v.productId(), v.id(), v.vendorId(),
                        v.name(), v.sku(), v.price(), v.purchasable(), false));
        return found.map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private Mono<Priced> price(CheckoutRequest request) {
        return Flux.fromIterable(request.items())
            .flatMapSequential(this::sellable, 8)
            .collectList()
            .flatMap(found -> {
                List<Problems.FieldError> errors = new ArrayList<>();
                List<Order.Item> lines = new ArrayList<>();
                for (int i = 0; i < found.size(); i++) {
                    CheckoutRequest.Line line = request.items().get(i);
                    Sellable item = found.get(i).orElse(null);
                    if (item == null) {
                        errors.add(line.variantId() == null ? new Problems.FieldError("items[" + i + "].productId", "no such product")
                                : new Problems.FieldError("items[" + i + "].variantId", "no such variant of the product"));
                    }
                    else if (!item.purchasable()) {
                        errors.add(new Problems.FieldError("items[" + i + "].productId", "is not for sale"));
                    }
                    else if (item.hasVariants()) {
                        errors.add(new Problems.FieldError("items[" + i + "].variantId", "is required: the product is sold in variants"));
                    }
                    else {
                        BigDecimal unit = item.price().value();
                        lines.add(new Order.Item(item.productId(), item.variantId(), item.vendorId(), item.name(), item.sku(), unit,
                                line.quantity(), unit.multiply(BigDecimal.valueOf(line.quantity()))));
                    }
                }
                if (!errors.isEmpty()) {
                    return Mono.error(new AgoraException(ProblemType.PRODUCT_UNAVAILABLE, "Some products cannot be bought.").withErrors(errors));
                }
                Set<String> currencies = new HashSet<>();
                found.forEach(p -> currencies.add(p.orElseThrow().price().currency()));
                if (currencies.size() > 1 || (request.currency() != null && !currencies.contains(request.currency()))) {
                    return Mono.error(new AgoraException(ProblemType.CURRENCY_MISMATCH, "Every product of an order must be priced in one currency"
                                    + (request.currency() == null ? "" : ", the requested " + request.currency())
                                    + "; these are priced in " + String.join(", ", new java.util.TreeSet<>(currencies)) + ".")
                        .withErrors(List.of(new Problems.FieldError("currency", "does not match the products' prices"))));
                }
                return Mono.just(new Priced(lines, currencies.iterator().next()));
            });
    }

    private static void requireOneAddress(CheckoutRequest request) {
        if ((request.shippingAddress() == null) == (request.addressId() == null)) {
            String problem = request.addressId() == null ? "is required, or addressId" : "cannot come with addressId";
            throw AgoraException.badRequest("Give the shipping address, or the id of one of your saved addresses, not both.")
                .withErrors(List.of(new Problems.FieldError("shippingAddress", problem)));
        }
    }

    /** One line per product, or per variant of a product sold in variants. */
    private static void rejectDuplicateProducts(CheckoutRequest request) {
        Set<List<UUID>> seen = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            CheckoutRequest.Line line = request.items().get(i);
            if (!seen.add(Arrays.asList(line.productId(), line.variantId()))) {
                throw AgoraException.badRequest("Each product or variant may appear once per order; raise its quantity instead.")
                    .withErrors(List.of(new Problems.FieldError("items[" + i + "].productId", "appears more than once")));
            }
        }
    }
}
