import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { allCategories } from "../lib/categories";
import { Loaded, ProblemMessage } from "../components/Status";
import { useSubmit } from "../lib/useSubmit";
import { formatNames, parseNames, unreadableNameLines } from "../lib/names";
import { ImagesEditor } from "./ImagesEditor";
import { moderationNote } from "./moderation";
import { ownProduct, useVendorId } from "./ownProduct";
import { ProductNotFound } from "./ProductNotFound";
import { VariantsEditor } from "./VariantsEditor";
import { toRows, toVariantRequests, type VariantRow } from "./variants";

type Product = Schemas["ProductView"];

export interface ProductFormValues {
  name: string;
  names: string;
  sku: string;
  barcode: string;
  description: string;
  price: string;
  compareAt: string;
  currency: string;
  categoryId: string;
  tags: string;
  imageUrl: string;
  status: "draft" | "active";
  variants: VariantRow[];
}

export function toValues(p?: Product): ProductFormValues {
  return {
    name: p?.name ?? "", names: formatNames(p?.names), sku: p?.sku ?? "", barcode: p?.barcode ?? "", description: p?.description ?? "", price: p?.price?.amount ?? "",
    compareAt: p?.compareAtPrice?.amount ?? "", currency: p?.price?.currency ?? "USD", categoryId: p?.categoryIds?.[0] ?? "",
    tags: (p?.tags ?? []).join(", "), imageUrl: p?.images?.[0]?.url ?? "", status: p?.status === "draft" ? "draft" : "active",
    variants: toRows(p?.variants),
  };
}

/** The request body for the values; the server validates again and its problems are shown as they come. */
export function toRequest(v: ProductFormValues) {
  return {
    name: v.name.trim(),
    names: parseNames(v.names),
    sku: v.sku.trim(),
    // Empty means none: on an edit it removes the barcode.
    barcode: v.barcode.trim(),
    description: v.description.trim() || undefined,
    price: { amount: v.price.trim(), currency: v.currency },
    compareAtPrice: v.compareAt.trim() ? { amount: v.compareAt.trim(), currency: v.currency } : undefined,
    categoryIds: v.categoryId ? [v.categoryId] : [],
    tags: v.tags.split(",").map((t) => t.trim()).filter(Boolean),
    images: v.imageUrl.trim() ? [{ url: v.imageUrl.trim(), altText: v.name.trim(), position: 0 }] : [],
    status: v.status,
    // Every variant the product keeps: one left out is removed.
    variants: toVariantRequests(v.variants, v.currency),
  };
}

export function ProductForm() {
  const { id } = useParams();
  const vendorId = useVendorId();
  const product = useLoad(() => (!id ? Promise.resolve(undefined as unknown as Product) : ownProduct(id, vendorId)), [id, vendorId]);
  if (id) {
    return (
      <Loaded state={product} label="Loading the product" missing={<ProductNotFound />}>
        {(p) => <Editor product={p} onImagesChanged={product.reload} />}
      </Loaded>
    );
  }
  return <Editor />;
}

function Editor({ product, onImagesChanged }: { product?: Product; onImagesChanged?: () => void }) {
  const navigate = useNavigate();
  const [values, setValues] = useState(() => toValues(product));
  const { busy, error, run } = useSubmit();
  const [unreadable, setUnreadable] = useState<string[]>([]);
  const categories = useLoad(allCategories, []);
  const set = (key: keyof ProductFormValues) => (e: { target: { value: string } }) => setValues({ ...values, [key]: e.target.value });

  function submit(e: FormEvent) {
    e.preventDefault();
    const lines = unreadableNameLines(values.names);
    setUnreadable(lines);
    if (lines.length > 0) {
      return;
    }
    void run(async () => {
      if (product?.id) {
        // The images have their own editor below, which saves as it goes.
        const { images: _images, ...fields } = toRequest(values);
        await unwrap(api.PATCH("/api/v1/products/{id}", { params: { path: { id: product.id } }, body: { ...fields, version: product.version ?? 0 } }));
      } else {
        await unwrap(api.POST("/api/v1/products", { body: toRequest(values) }));
      }
      navigate("/vendor");
    });
  }
  return (
    <>
    <form onSubmit={submit} className="narrow" aria-label={product ? "Edit product" : "New product"}>
      <h1>{product ? `Edit ${product.name}` : "New product"}</h1>
      {product ? <ModerationStatus product={product} />
        : <p>An admin reviews a new product before shoppers see it.</p>}
      <label>Name <input required maxLength={200} value={values.name} onChange={set("name")} /></label>
      <label>Regional names (optional, one per line: language tag = name, such as hi-IN = पीतल का दीपक)
        <textarea rows={2} value={values.names} onChange={set("names")} aria-invalid={unreadable.length > 0} /></label>
      {unreadable.length > 0 && (
        <div className="problem" role="alert">
          <strong>Regional names: write each line as tag = name</strong>
          <ul>{unreadable.map((line) => <li key={line}><code>{line}</code></li>)}</ul>
        </div>
      )}
      <label>SKU <input required maxLength={64} value={values.sku} onChange={set("sku")} /></label>
      <label>Barcode (GTIN, optional)
        <input inputMode="numeric" pattern="\d{8}|\d{12,14}" maxLength={14} title="8, 12, 13 or 14 digits"
          value={values.barcode} onChange={set("barcode")} /></label>
      <label>Description <textarea rows={4} maxLength={10000} value={values.description} onChange={set("description")} /></label>
      <div className="row">
        <label>Price <input required inputMode="decimal" pattern="\d{1,15}(\.\d{1,4})?" value={values.price} onChange={set("price")} /></label>
        <label>Compare-at price <input inputMode="decimal" pattern="\d{1,15}(\.\d{1,4})?" value={values.compareAt} onChange={set("compareAt")} /></label>
        <label>Currency <input required pattern="[A-Z]{3}" maxLength={3} value={values.currency} onChange={set("currency")} /></label>
      </div>
      <label>Category
        <select required value={values.categoryId} onChange={set("categoryId")}>
          <option value="">Choose…</option>
          {(categories.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </label>
      <label>Tags (comma separated) <input value={values.tags} onChange={set("tags")} /></label>
      <VariantsEditor rows={values.variants} onChange={(variants) => setValues({ ...values, variants })} />
      {!product && <label>Image URL (after saving, upload images from the edit page) <input type="url" value={values.imageUrl} onChange={set("imageUrl")} /></label>}
      <label>Status
        <select value={values.status} onChange={set("status")}>
          <option value="active">Active (visible to shoppers once approved)</option><option value="draft">Draft</option>
        </select>
      </label>
      <ProblemMessage error={error} />
      {/* Until the categories are in, the category list cannot show the product's, and a save would be refused by the browser without a word. */}
      <button type="submit" className="primary" disabled={busy || !categories.data}>{busy ? "Saving…" : "Save"}</button>
    </form>
    {product && onImagesChanged && <div className="narrow"><ImagesEditor product={product} onChanged={onImagesChanged} /></div>}
    </>
  );
}

function ModerationStatus({ product }: { product: Product }) {
  const note = moderationNote(product);
  return (
    <p className={product.moderation === "rejected" ? "problem" : "notice"} role="status">
      <strong>{note.label}.</strong> {note.detail}
    </p>
  );
}
