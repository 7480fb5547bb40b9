package dev.agora.product.product;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The catalogue's own language.
 *
 * @param language the BCP 47 tag of products' {@code name}; a caller whose Accept-Language prefers
 *        it over a product's regional names gets the name
 */
@ConfigurationProperties("agora.catalog")
record CatalogProperties(@DefaultValue("en") String language) {
}
