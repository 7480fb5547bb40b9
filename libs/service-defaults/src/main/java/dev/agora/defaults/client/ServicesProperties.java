package dev.agora.defaults.client;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the other services are: {@code agora.services.<name>.uri}, e.g.
 * {@code agora.services.product.uri=http://product-svc:8080}. {@link ServiceClients} makes a client
 * for each name.
 */
@ConfigurationProperties("agora")
public record ServicesProperties(@DefaultValue Map<String, Service> services) {

    /** @param uri the service's base URI */
    public record Service(URI uri) {
    }

    URI uri(String name) {
        Service service = services.get(name);
        if (service == null || service.uri() == null) {
            throw new IllegalStateException("agora.services." + name + ".uri is not set; known services: "
                    + services.keySet());
        }
        return service.uri();
    }
}
