import { Link } from "react-router";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded } from "../components/Status";
import { ProductCard } from "./ProductCard";

export function Home() {
  const featured = useLoad(() => unwrap(api.GET("/api/v1/products", { params: { query: { sort: "newest", size: 8 } } })), []);
  const tree = useLoad(() => unwrap(api.GET("/api/v1/categories/tree")), []);
  return (
    <div className="home">
      <section aria-labelledby="featured-title">
        <h1 id="featured-title">New in the marketplace</h1>
        <Loaded state={featured} label="Loading products">
          {(page) => page.items?.length ? (
            <ul className="grid">{page.items.map((p) => <ProductCard key={p.id} product={p} />)}</ul>
          ) : <Empty>No products yet. Vendors add them from the Sell page.</Empty>}
        </Loaded>
      </section>
      <aside aria-labelledby="categories-title" className="categories">
        <h2 id="categories-title">Categories</h2>
        <Loaded state={tree} label="Loading categories">
          {(nodes) => nodes.length ? <CategoryTree nodes={nodes} /> : <Empty>No categories yet.</Empty>}
        </Loaded>
      </aside>
    </div>
  );
}

export function CategoryTree({ nodes }: { nodes: Schemas["CategoryNode"][] }) {
  return (
    <ul className="tree">
      {nodes.filter((n) => n.active !== false).map((n) => (
        <li key={n.id}>
          <Link to={`/search?category=${encodeURIComponent(n.slug ?? n.id ?? "")}`}>{n.name}</Link>
          {n.productCount !== undefined && <span className="muted"> ({n.productCount})</span>}
          {n.children && n.children.length > 0 && <CategoryTree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}
