import type { Schemas } from "@agora/client";

type FacetCounts = Schemas["ProductFacetsFacets"];
type Changes = Record<string, string | string[] | null>;

interface Selected { category: string; vendor: string; tags: string[]; minPrice: string; inStock: boolean }

/**
 * Where the results are: counts by category, vendor, tag, price and stock. Each value narrows the
 * search (a tag adds to the chosen ones); the chosen value is marked, and choosing it again clears it.
 */
export function Facets({ facets, selected, onPick }: { facets: FacetCounts; selected: Selected; onPick(changes: Changes): void }) {
  return (
    <nav className="facets" aria-label="Narrow the results">
      <FacetList title="Category" values={facets.categories} chosen={(v) => v === selected.category}
        pick={(v) => onPick({ category: v === selected.category ? null : v })} />
      <FacetList title="Vendor" values={facets.vendors} chosen={(v) => v === selected.vendor}
        pick={(v) => onPick({ vendor: v === selected.vendor ? null : v })} />
      <FacetList title="Tag" values={facets.tags} chosen={(v) => selected.tags.includes(v)}
        pick={(v) => onPick({ tag: selected.tags.includes(v) ? selected.tags.filter((t) => t !== v) : [...selected.tags, v] })} />
      {facets.prices && facets.prices.length > 0 && (
        <section>
          <h2>Price</h2>
          <ul>
            {facets.prices.map((band) => {
              const chosen = band.minPrice === selected.minPrice;
              return (
                <li key={band.minPrice}>
                  <button type="button" className="link" aria-pressed={chosen}
                    onClick={() => onPick(chosen ? { minPrice: null, maxPrice: null }
                      : { minPrice: band.minPrice ?? null, maxPrice: band.maxPrice ?? null })}>
                    {priceLabel(band)}
                  </button> <span className="muted">({band.count})</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {facets.stock && (
        <section>
          <h2>Availability</h2>
          <ul>
            <li>
              <button type="button" className="link" aria-pressed={selected.inStock}
                onClick={() => onPick({ inStock: selected.inStock ? null : "true" })}>In stock</button>
              {" "}<span className="muted">({facets.stock.inStock})</span>
            </li>
          </ul>
        </section>
      )}
    </nav>
  );
}

function FacetList({ title, values, chosen, pick }: { title: string; values?: Schemas["ProductFacetsValue"][];
  chosen(value: string): boolean; pick(value: string): void }) {
  if (!values?.length) {
    return null;
  }
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        {values.map((v) => (
          <li key={v.value}>
            <button type="button" className="link" aria-pressed={chosen(v.value ?? "")} onClick={() => pick(v.value ?? "")}>
              {v.label}
            </button> <span className="muted">({v.count})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Under 25", "25 to 50", "500 and up": in each product's own currency, so no symbol is assumed. */
export function priceLabel(band: Schemas["ProductFacetsPriceBand"]): string {
  const min = Number(band.minPrice ?? 0);
  if (!band.maxPrice) {
    return `${min} and up`;
  }
  const max = Math.round(Number(band.maxPrice));
  return min === 0 ? `Under ${max}` : `${min} to ${max}`;
}
