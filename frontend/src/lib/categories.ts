import { unwrap, type Schemas } from "@agora/client";
import { api } from "./api";
import { allPages } from "./allPages";

/** Every category, a page of 100 at a time: a catalogue may have more than the first hundred. */
export function allCategories(): Promise<Schemas["CategoryView"][]> {
  return allPages((page) => unwrap(api.GET("/api/v1/categories", { params: { query: { size: 100, page } } })));
}
