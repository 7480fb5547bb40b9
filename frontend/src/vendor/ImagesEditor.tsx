import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useSubmit } from "../lib/useSubmit";
import { ProblemMessage } from "../components/Status";

type Product = Schemas["ProductView"];
type Image = NonNullable<Product["images"]>[number];

/** What a change of the list sends: each image by its URL, with its caption, in the new order. */
export function imagesBody(images: Image[]) {
  return images.map((i) => ({ url: i.url, altText: i.altText ?? "" }));
}

/** Moves the image at `index` by `by` places (-1 up, +1 down); out of range changes nothing. */
export function moved(images: Image[], index: number, by: number): Image[] {
  const target = index + by;
  if (target < 0 || target >= images.length) {
    return images;
  }
  const next = [...images];
  const [image] = next.splice(index, 1);
  next.splice(target, 0, image!);
  return next;
}

/**
 * A product's images for its vendor: upload (JPEG, PNG or WebP), caption, reorder and remove. Each
 * change saves at once with the product's version, then the product is loaded again.
 */
export function ImagesEditor({ product, onChanged }: { product: Product; onChanged: () => void }) {
  const images = product.images ?? [];
  const [captions, setCaptions] = useState<Record<string, string>>({});
  const [file, setFile] = useState<File | null>(null);
  const [altText, setAltText] = useState("");
  const [inputKey, setInputKey] = useState(0);
  const { busy, error, run } = useSubmit();

  function save(next: Image[]) {
    void run(async () => {
      await unwrap(api.PATCH("/api/v1/products/{id}", { params: { path: { id: product.id ?? "" } },
        body: { images: imagesBody(next), version: product.version ?? 0 } }));
      setCaptions({});
      onChanged();
    });
  }

  function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      return;
    }
    void run(async () => {
      await unwrap(api.POST("/api/v1/products/{id}/images", {
        params: { path: { id: product.id ?? "" } },
        body: { file: file as unknown as string, altText },
        bodySerializer: () => {
          const form = new FormData();
          form.append("file", file, file.name);
          if (altText.trim()) {
            form.append("altText", altText.trim());
          }
          return form;
        },
      }));
      setFile(null);
      setAltText("");
      setInputKey((k) => k + 1);
      onChanged();
    });
  }

  const captioned = images.map((i) => ({ ...i, altText: captions[i.url] ?? i.altText ?? "" }));
  const edited = Object.keys(captions).length > 0;
  return (
    <section aria-label="Images">
      <h2>Images</h2>
      {images.length === 0 ? <p className="muted">No images yet.</p> : (
        <ol className="image-list">
          {captioned.map((image, index) => (
            <li key={image.url + index} aria-label={`Image ${index + 1}`}>
              <img src={image.thumbnailUrl ?? image.url} alt="" width={80} height={80} />
              <label>Alt text <input maxLength={200} value={image.altText} disabled={busy}
                onChange={(e) => setCaptions({ ...captions, [image.url]: e.target.value })} /></label>
              <button type="button" disabled={busy || index === 0} onClick={() => save(moved(captioned, index, -1))}
                aria-label={`Move image ${index + 1} up`}>↑</button>
              <button type="button" disabled={busy || index === images.length - 1} onClick={() => save(moved(captioned, index, 1))}
                aria-label={`Move image ${index + 1} down`}>↓</button>
              <button type="button" disabled={busy} onClick={() => save(captioned.filter((_, i) => i !== index))}
                aria-label={`Remove image ${index + 1}`}>Remove</button>
            </li>
          ))}
        </ol>
      )}
      {edited && <button type="button" disabled={busy} onClick={() => save(captioned)}>Save alt texts</button>}
      <form onSubmit={upload} aria-label="Upload an image">
        <label>Image file (JPEG, PNG or WebP, up to 5 MB)
          <input key={inputKey} type="file" accept="image/jpeg,image/png,image/webp" required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
        <label>Alt text for it <input maxLength={200} value={altText} onChange={(e) => setAltText(e.target.value)} /></label>
        <button type="submit" disabled={busy || !file}>{busy ? "Working…" : "Upload"}</button>
      </form>
      <ProblemMessage error={error} />
    </section>
  );
}
