import { useEffect, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { allCategories } from "../lib/categories";
import { tracker } from "../lib/analytics";
import { Empty, Loaded } from "../components/Status";
import { ProductCard } from "./ProductCard";
import { Facets } from "./Facets";
import { Pager } from "../components/Pager";

const SORTS = [
  ["relevance", "Best match"], ["newest", "Newest"], ["price_asc", "Price: low to high"],
  ["price_desc", "Price: high to low"], ["rating", "Best rated"], ["popular", "Most popular"], ["name", "Name"],
] as const;
const PAGE_SIZE = 24;

/** Search with every filter in the URL, so a result page can be shared, bookmarked and reloaded. */
export function Search() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const category = params.get("category") ?? "";
  const minPrice = params.get("minPrice") ?? "";
  const maxPrice = params.get("maxPrice") ?? "";
  const tag = params.getAll("tag");
  const inStock = params.get("inStock") === "true";
  const vendor = params.get("vendor") ?? "";
  const sort = params.get("sort") ?? "";
  const page = Math.max(0, Number(params.get("page") ?? 0) || 0);

  const results = useLoad(() => unwrap(api.GET("/api/v1/products", { params: { query: {
    q: q || undefined, category: category || undefined, vendor: vendor || undefined, minPrice: minPrice || undefined, maxPrice: maxPrice || undefined,
    tag: tag.length ? tag : undefined, inStock: inStock || undefined, sort: sort || undefined, page, size: PAGE_SIZE,
  } } })), [params.toString()]);
  const categories = useLoad(allCategories, []);

  useEffect(() => {
    if (q) {
      tracker.track("search", { query: q.slice(0, 100) });
    }
  }, [q]);

  function update(changes: Record<string, string | string[] | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      if (Array.isArray(value)) {
        value.forEach((v) => next.append(key, v));
      } else if (value) {
        next.set(key, value);
      }
    }
    if (!("page" in changes)) {
      next.delete("page");
    }
    setParams(next);
  }

  return (
    <div className="search-page">
      <h1>{q ? <>Results for “{q}”</> : "All products"}</h1>
      <Filters key={params.toString()} initial={{ q, category, minPrice, maxPrice, tags: tag.join(", "), inStock, sort }}
        categories={categories.data ?? []} onApply={update} />
      <Loaded state={results} label="Searching">
        {(result) => (
          <>
            <p className="muted" role="status">{result.totalItems ?? 0} {result.totalItems === 1 ? "product" : "products"}</p>
            {result.facets && (result.totalItems ?? 0) > 0 && <Facets facets={result.facets} onPick={update}
              selected={{ category, vendor, tags: tag, minPrice, inStock }} />}
            {result.items?.length ? (
              <ul className="grid">{result.items.map((p) => <ProductCard key={p.id} product={p} />)}</ul>
            ) : <Empty>Nothing matches. Try fewer filters or another spelling.</Empty>}
            <Pager page={page} totalPages={result.totalPages} onPage={(p) => update({ page: String(p) })} />
          </>
        )}
      </Loaded>
    </div>
  );
}

interface FilterValues { q: string; category: string; minPrice: string; maxPrice: string; tags: string; inStock: boolean; sort: string }

function Filters({ initial, categories, onApply }: {
  initial: FilterValues;
  categories: { id?: string; slug?: string; name?: string }[];
  onApply(changes: Record<string, string | string[] | null>): void;
}) {
  const [v, setV] = useState(initial);
  function submit(e: FormEvent) {
    e.preventDefault();
    onApply({ q: v.q.trim() || null, category: v.category || null, minPrice: v.minPrice || null, maxPrice: v.maxPrice || null,
      tag: v.tags.split(",").map((t) => t.trim()).filter(Boolean), inStock: v.inStock ? "true" : null, sort: v.sort || null });
  }
  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      <label>Search <input type="search" value={v.q} maxLength={200} onChange={(e) => setV({ ...v, q: e.target.value })} /></label>
      <label>Category
        <select value={v.category} onChange={(e) => setV({ ...v, category: e.target.value })}>
          <option value="">Any</option>
          {categories.map((c) => <option key={c.id} value={c.slug ?? c.id}>{c.name}</option>)}
        </select>
      </label>
      <label>Min price <input inputMode="decimal" pattern="\d{1,15}(\.\d{1,4})?" value={v.minPrice}
        onChange={(e) => setV({ ...v, minPrice: e.target.value })} size={6} /></label>
      <label>Max price <input inputMode="decimal" pattern="\d{1,15}(\.\d{1,4})?" value={v.maxPrice}
        onChange={(e) => setV({ ...v, maxPrice: e.target.value })} size={6} /></label>
      <label>Tags <input value={v.tags} placeholder="oak, handmade" onChange={(e) => setV({ ...v, tags: e.target.value })} /></label>
      <label className="check"><input type="checkbox" checked={v.inStock} onChange={(e) => setV({ ...v, inStock: e.target.checked })} /> In stock</label>
      <label>Sort
        <select value={v.sort} onChange={(e) => setV({ ...v, sort: e.target.value })}>
          <option value="">Default</option>
          {SORTS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
