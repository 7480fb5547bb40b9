package dev.agora.product.product;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.agora.defaults.web.PageQuery;

/** A page of search results, with the facets of the whole result. */
@Schema(description = "A page of products and how the whole result divides (facets)")
record ProductSearchPage(List<Product.View> items, int page, int size, long totalItems, int totalPages,
        ProductFacets.Facets facets) {

    static ProductSearchPage of(PageQuery.Page<Product.View> page, ProductFacets.Facets facets) {
        return new ProductSearchPage(page.items(), page.page(), page.size(), page.totalItems(), page.totalPages(), facets);
    }

    ProductSearchPage withItems(List<Product.View> localized) {
        return new ProductSearchPage(localized, page, size, totalItems, totalPages, facets);
    }
}
