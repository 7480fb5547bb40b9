import { emptyRow, type VariantRow } from "./variants";

/**
 * The sizes, colours… a product is sold in, each with its own SKU, price and barcode. Stock is set
 * per variant on the stock page once the product is saved.
 */
export function VariantsEditor({ rows, onChange }: { rows: VariantRow[]; onChange(rows: VariantRow[]): void }) {
  const update = (i: number, key: keyof VariantRow) => (e: { target: { value: string } }) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [key]: e.target.value } : r)));
  return (
    <fieldset className="variants">
      <legend>Variants (optional)</legend>
      <p className="muted">Sell it in sizes, colours or materials, each with its own SKU, price and stock. The product then
        shows the lowest of their prices.</p>
      {rows.map((row, i) => (
        <div className="row variant-row" key={row.id ?? `new-${i}`} role="group" aria-label={`Variant ${i + 1}`}>
          <label>Options <input required placeholder="size=M, colour=red" value={row.options} onChange={update(i, "options")} /></label>
          <label>SKU <input required maxLength={64} value={row.sku} onChange={update(i, "sku")} /></label>
          <label>Price <input required inputMode="decimal" pattern="\d{1,15}(\.\d{1,4})?" value={row.price} onChange={update(i, "price")} /></label>
          <label>Barcode <input inputMode="numeric" pattern="\d{8}|\d{12,14}" maxLength={14} value={row.barcode} onChange={update(i, "barcode")} /></label>
          <button type="button" className="link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove <span className="visually-hidden">variant {i + 1}</span></button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { ...emptyRow }])}>Add a variant</button>
    </fieldset>
  );
}
