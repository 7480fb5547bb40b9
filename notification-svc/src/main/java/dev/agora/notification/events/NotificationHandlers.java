package dev.agora.notification.events;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.agora.notification.inbox.Notifier;

/** The platform events notification-svc turns into notifications, per producer stream. */
@Configuration(proxyBeanMethods = false)
class NotificationHandlers {

    @Bean
    CustomerEvents orderNotifications(Notifier notifier, JsonMapper json) {
        return new CustomerEvents("agora:events:orders",
                Set.of("order.confirmed", "order.payment_failed", "order.shipped", "order.cancelled"), notifier, json);
    }

    @Bean
    CustomerEvents refundNotifications(Notifier notifier, JsonMapper json) {
        return new CustomerEvents("agora:events:payments", Set.of("payment.refunded"), notifier, json);
    }

    @Bean
    LowStockAlerts lowStockAlerts(VendorDirectory vendors, Notifier notifier, JsonMapper json) {
        return new LowStockAlerts(vendors, notifier, json);
    }
}
