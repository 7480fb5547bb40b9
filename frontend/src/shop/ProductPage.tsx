import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { addToCart, cartStore } from "../lib/cart";
import { tracker } from "../lib/analytics";
import { Loaded } from "../components/Status";
import { nameLanguage } from "../lib/names";
import { Price } from "./ProductCard";
import { Reviews } from "./Reviews";

export function ProductPage() {
  const { id = "" } = useParams();
  const product = useLoad(() => unwrap(api.GET("/api/v1/products/{id}", { params: { path: { id } } })), [id]);
  // The public availability in one call that answers for never-stocked products too (no 404 to log).
  const stock = useLoad(() => unwrap(api.POST("/api/v1/inventory/check", { body: { items: [{ productId: id, quantity: 1 }] } }))
    .then((r) => r.items?.[0] ?? null, () => null), [id]);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);

  useEffect(() => {
    if (product.data?.id) {
      tracker.track("product_view", { productId: product.data.id });
    }
  }, [product.data?.id]);

  const available = stock.data?.available ?? 0;
  const inStock = available > 0;

  return (
    <Loaded state={product} label="Loading the product">
      {(p) => (
        <article className="product-page">
          <Gallery images={p.images ?? []} name={p.name ?? ""} />
          <div className="details">
            <h1 lang={nameLanguage(p)}>{p.name}</h1>
            <Price price={p.price} compareAt={p.compareAtPrice} />
            <p className={inStock ? "in-stock" : "out-of-stock"} role="status">
              {stock.loading ? "Checking stock…" : inStock ? (available <= 5 ? `Only ${available} left` : "In stock") : "Out of stock"}
            </p>
            <form className="add" onSubmit={(e) => {
              e.preventDefault();
              cartStore.update((c) => addToCart(c, p, quantity));
              tracker.track("add_to_cart", { productId: p.id ?? "", quantity });
              setAdded(true);
            }}>
              <label>Quantity <input type="number" min={1} max={Math.max(1, Math.min(available, 1000))} value={quantity}
                onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))} /></label>
              <button type="submit" disabled={!inStock}>Add to cart</button>
            </form>
            {added && <p role="status" className="notice">Added. <Link to="/cart">Go to the cart</Link></p>}
            {p.description && <p className="description">{p.description}</p>}
            {p.tags && p.tags.length > 0 && (
              <p className="tags">{p.tags.map((t) => <Link key={t} to={`/search?tag=${encodeURIComponent(t)}`} className="tag">{t}</Link>)}</p>
            )}
            <p className="muted">SKU {p.sku}{p.barcode && <> · Barcode (GTIN) {p.barcode}</>}</p>
          </div>
          <Reviews productId={p.id ?? id} />
        </article>
      )}
    </Loaded>
  );
}

function Gallery({ images, name }: { images: { url: string; altText?: string; mediumUrl?: string; thumbnailUrl?: string }[]; name: string }) {
  const [index, setIndex] = useState(0);
  const current = images[index];
  if (!current) {
    return <div className="gallery no-image" aria-hidden="true">{name.charAt(0)}</div>;
  }
  return (
    <div className="gallery">
      <a href={current.url} target="_blank" rel="noreferrer" aria-label="Open the full-size image">
        <img src={current.mediumUrl ?? current.url} alt={current.altText || name} width={480} height={360} />
      </a>
      {images.length > 1 && (
        <ul className="thumbs">
          {images.map((img, i) => (
            <li key={img.url + i}>
              <button type="button" aria-label={`Image ${i + 1} of ${images.length}`} aria-pressed={i === index} onClick={() => setIndex(i)}>
                <img src={img.thumbnailUrl ?? img.url} alt="" width={64} height={48} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
