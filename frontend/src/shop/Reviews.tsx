import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { useSession } from "../lib/session";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { useSubmit } from "../lib/useSubmit";

type Variant = { id?: string; label?: string };

export function Reviews({ productId, variants = [] }: { productId: string; variants?: Variant[] }) {
  const { user } = useSession();
  const summary = useLoad(() => unwrap(api.GET("/api/v1/reviews/product/{productId}/summary", { params: { path: { productId } } })), [productId]);
  const reviews = useLoad(() => unwrap(api.GET("/api/v1/reviews/product/{productId}", { params: { path: { productId }, query: { size: 20 } } })), [productId]);
  const [voteError, setVoteError] = useState<unknown>();
  const reload = () => { summary.reload(); reviews.reload(); };

  return (
    <section className="reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      <Loaded state={summary} label="Loading ratings">
        {(s) => (s.count ?? 0) > 0 ? (
          <p className="rating-summary"><Stars rating={s.average ?? 0} /> {(s.average ?? 0).toFixed(1)} out of 5 · {s.count} reviews</p>
        ) : <p className="muted">No ratings yet.</p>}
      </Loaded>
      {user ? <ReviewForm productId={productId} variants={variants} onSaved={reload} />
        : <p><Link to="/login">Log in</Link> to review this product.</p>}
      <ProblemMessage error={voteError} />
      <Loaded state={reviews} label="Loading reviews">
        {(page) => page.items?.length ? (
          <ul className="review-list">
            {page.items.map((r) => (
              <li key={r.id} className="review">
                <p><Stars rating={r.rating ?? 0} /> <strong>{r.title}</strong></p>
                <p className="muted">{r.authorName} · {r.createdAt?.slice(0, 10)} {r.verifiedPurchase && <span className="badge ok">Verified purchase</span>}
                  {r.variantLabel && <> · Bought: {r.variantLabel}</>}</p>
                <p className="body">{r.body}</p>
                <p className="muted">{r.helpfulCount ?? 0} found this helpful
                  {user && r.userId !== user.id && (
                    <button type="button" className="link" onClick={() => {
                      setVoteError(undefined);
                      unwrap(api.POST("/api/v1/reviews/{id}/helpful", { params: { path: { id: r.id ?? "" } } }))
                        .then(() => reviews.reload(), setVoteError);
                    }}>Helpful</button>
                  )}</p>
              </li>
            ))}
          </ul>
        ) : <Empty>No reviews yet.</Empty>}
      </Loaded>
    </section>
  );
}

function ReviewForm({ productId, variants, onSaved }: { productId: string; variants: Variant[]; onSaved(): void }) {
  const [rating, setRating] = useState(5);
  const [variantId, setVariantId] = useState("");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const { busy, error, run } = useSubmit();
  const [done, setDone] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await unwrap(api.POST("/api/v1/reviews", { body: { productId, ...(variantId ? { variantId } : {}), rating, title, body } }));
      setDone(true);
      onSaved();
    });
  }
  if (done) {
    return <p role="status" className="notice">Thank you for your review.</p>;
  }
  return (
    <form className="review-form" onSubmit={submit} aria-label="Write a review">
      <h3>Write a review</h3>
      <p className="muted">Reviews of products you bought are marked as verified purchases.</p>
      <label>Rating
        <select value={rating} onChange={(e) => setRating(Number(e.target.value))}>
          {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{n} stars</option>)}
        </select>
      </label>
      {variants.length > 0 && (
        <label>Which did you buy?
          <select value={variantId} onChange={(e) => setVariantId(e.target.value)}>
            <option value="">Not saying</option>
            {variants.map((v) => <option key={v.id} value={v.id}>{v.label}</option>)}
          </select>
        </label>
      )}
      <label>Title <input required maxLength={120} value={title} onChange={(e) => setTitle(e.target.value)} /></label>
      <label>Review <textarea required maxLength={4000} rows={4} value={body} onChange={(e) => setBody(e.target.value)} /></label>
      <ProblemMessage error={error} />
      <button type="submit" disabled={busy}>{busy ? "Sending…" : "Post review"}</button>
    </form>
  );
}

export function Stars({ rating }: { rating: number }) {
  const full = Math.round(rating);
  return <span className="stars" role="img" aria-label={`${rating.toFixed(1)} out of 5 stars`}>{"★".repeat(full)}{"☆".repeat(5 - full)}</span>;
}
