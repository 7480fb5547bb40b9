package dev.agora.defaults.web;

import java.util.List;

/**
 * A validated {@code ?page=&size=} pair (DESIGN.md: size at most 100, larger is a 400).
 *
 * @param page zero-based page number
 * @param size items per page
 */
public record PageQuery(int page, int size) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;

    /** Validates raw parameters; nulls take the defaults. */
    public static PageQuery of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw AgoraException.badRequest("page must be 0 or more.")
                .withErrors(List.of(new Problems.FieldError("page", "must be 0 or more")));
        }
        if (s < 1 || s > MAX_SIZE) {
            throw AgoraException.badRequest("size must be between 1 and " + MAX_SIZE + ".")
                .withErrors(List.of(new Problems.FieldError("size", "must be between 1 and " + MAX_SIZE)));
        }
        return new PageQuery(p, s);
    }

    public long offset() {
        return (long) page * size;
    }

    /** The page of a list response. */
    public <T> Page<T> page(List<T> items, long totalItems) {
        return new Page<>(items, page, size, totalItems, (int) ((totalItems + size - 1) / size));
    }

    /**
     * One page of a list, in the shape every list endpoint answers with.
     */
    public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
    }
}
