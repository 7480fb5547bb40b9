import { Link } from "react-router";
import type { Schemas } from "@agora/client";
import { formatMoney } from "../lib/money";
import { nameLanguage } from "../lib/names";
import { Stars } from "./Reviews";

export function ProductCard({ product }: { product: Schemas["ProductView"] }) {
  const image = product.images?.[0];
  return (
    <li className="card product-card">
      <Link to={`/products/${product.id}`}>
        {image ? <img src={image.mediumUrl ?? image.url} alt={image.altText || product.name || ""} loading="lazy" width={240} height={180} />
          : <div className="no-image" aria-hidden="true">{product.name?.charAt(0)}</div>}
        <span className="name" lang={nameLanguage(product)}>{product.name}</span>
      </Link>
      <Price price={product.price} compareAt={product.compareAtPrice} from={hasPriceRange(product)} />
      <p className="card-facts">
        {product.rating?.count ? <><Stars rating={product.rating.average ?? 0} /> <span className="muted">({product.rating.count})</span></>
          : <span className="muted">No ratings yet</span>}
        {" · "}
        {product.inStock ? <span className="ok">In stock</span> : <span className="muted">Out of stock</span>}
      </p>
    </li>
  );
}

/** Sold in variants of different prices: the product's price is the lowest, a "from" price. */
function hasPriceRange(product: Schemas["ProductView"]): boolean {
  return new Set((product.variants ?? []).map((v) => v.price?.amount)).size > 1;
}

export function Price({ price, compareAt, from = false }: { price?: Schemas["Money"]; compareAt?: Schemas["Money"]; from?: boolean }) {
  const discounted = compareAt && price && Number(compareAt.amount) > Number(price.amount);
  return (
    <p className="price">
      {from && <span className="muted">From </span>}
      <span className="now">{formatMoney(price)}</span>
      {discounted && <> <s aria-label={`was ${formatMoney(compareAt)}`}>{formatMoney(compareAt)}</s></>}
    </p>
  );
}
