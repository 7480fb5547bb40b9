package dev.agora.order;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param shippingFee flat shipping per order, in the order's currency
 * @param freeShippingFrom subtotal from which shipping is free
 * @param checkoutWait how long {@code POST /orders} waits for the saga before answering 202 with
 *        the order still pending (the saga goes on in the background)
 * @param sagaLease how long one instance owns an order's saga before another may take over
 * @param sagaRetryDelay first wait before a step that failed transiently is tried again; doubles per
 *        attempt up to {@code sagaRetryMaxDelay}
 * @param sagaRetryMaxDelay longest wait between attempts
 * @param recoveryInterval how often unfinished sagas are looked for besides the looks due anyway (a
 *        retry, a lease running out): the net for sagas another instance leased and left, so
 *        shorter than {@code sagaLease}
 */
@ConfigurationProperties("agora.orders")
public record OrderProperties(@DefaultValue("4.99") BigDecimal shippingFee,
        @DefaultValue("50.00") BigDecimal freeShippingFrom, @DefaultValue("12s") Duration checkoutWait,
        @DefaultValue("30s") Duration sagaLease, @DefaultValue("1s") Duration sagaRetryDelay,
        @DefaultValue("1m") Duration sagaRetryMaxDelay, @DefaultValue("10s") Duration recoveryInterval) {
}
