package dev.agora.product.category;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A node of the category tree.
 */
public record Category(UUID id, UUID parentId, String name, String slug, int sortOrder, boolean active,
        String seoTitle, String seoDescription, Instant createdAt, Instant updatedAt, long version) {

    /** A category with the number of public products in it and its descendants. */
    public record View(UUID id, UUID parentId, String name, String slug, int sortOrder, boolean active, String seoTitle,
            String seoDescription, long productCount, Instant createdAt, Instant updatedAt, long version) {
    }

    /** A node of {@code GET /categories/tree}. */
    public record Node(UUID id, String name, String slug, int sortOrder, boolean active, long productCount,
            List<Node> children) {
    }

    View view(long productCount) {
        return new View(id, parentId, name, slug, sortOrder, active, seoTitle, seoDescription, productCount, createdAt,
                updatedAt, version);
    }
}
