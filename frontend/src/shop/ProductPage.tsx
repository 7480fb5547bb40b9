import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { addToCart, cartStore } from "../lib/cart";
import { tracker } from "../lib/analytics";
import { Loaded, Missing } from "../components/Status";
import { byId, isId } from "../lib/ids";
import { nameLanguage } from "../lib/names";
import { Price } from "./ProductCard";
import { Reviews } from "./Reviews";

export function ProductPage() {
  const { id = "" } = useParams();
  const product = useLoad(() => byId(id, "product", () => unwrap(api.GET("/api/v1/products/{id}", { params: { path: { id } } }))), [id]);
  const variants = product.data?.variants ?? [];
  // A product sold in variants is bought as one: the first in stock is chosen until the shopper picks.
  const [picked, setPicked] = useState<string>();
  const variant = variants.find((v) => v.id === picked) ?? variants.find((v) => v.inStock) ?? variants[0];
  // inventory-svc keeps a variant's stock under the variant's id.
  const stockId = variant?.id ?? id;
  // The public availability in one call that answers for never-stocked products too (no 404 to log).
  const stock = useLoad(() => !isId(stockId) ? Promise.resolve(null)
    : unwrap(api.POST("/api/v1/inventory/check", { body: { items: [{ productId: stockId, quantity: 1 }] } }))
      .then((r) => r.items?.[0] ?? null, () => null), [stockId]);
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
    <Loaded state={product} label="Loading the product" missing={<Missing title="Product not found" />}>
      {(p) => (
        <article className="product-page">
          <Gallery images={p.images ?? []} name={p.name ?? ""} />
          <div className="details">
            <h1 lang={nameLanguage(p)}>{p.name}</h1>
            {variant ? <Price price={variant.price} /> : <Price price={p.price} compareAt={p.compareAtPrice} />}
            {variants.length > 0 && (
              <label className="variant-picker">{variantOptionNames(variants)}
                <select value={variant?.id} onChange={(e) => { setPicked(e.target.value); setAdded(false); }}>
                  {variants.map((v) => (
                    <option key={v.id} value={v.id}>{v.label}{v.inStock ? "" : " (out of stock)"}</option>
                  ))}
                </select>
              </label>
            )}
            <p className={inStock ? "in-stock" : "out-of-stock"} role="status">
              {stock.loading ? "Checking stock…" : inStock ? (available <= 5 ? `Only ${available} left` : "In stock") : "Out of stock"}
            </p>
            <form className="add" onSubmit={(e) => {
              e.preventDefault();
              cartStore.update((c) => addToCart(c, p, quantity, variant?.id));
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
            {variant
              ? <p className="muted">SKU {variant.sku}{variant.barcode && <> · Barcode (GTIN) {variant.barcode}</>}</p>
              : <p className="muted">SKU {p.sku}{p.barcode && <> · Barcode (GTIN) {p.barcode}</>}</p>}
          </div>
          <Reviews productId={p.id ?? id} variants={variants} />
        </article>
      )}
    </Loaded>
  );
}

/** The options the variants differ in, as the picker's label: "Colour / Size". */
function variantOptionNames(variants: { options?: Record<string, string> }[]): string {
  const names = Object.keys(variants[0]?.options ?? {}).sort();
  return names.map((n) => n.charAt(0).toUpperCase() + n.slice(1)).join(" / ") || "Variant";
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
