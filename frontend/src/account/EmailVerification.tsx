import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useSession } from "../lib/session";
import { useLinkToken } from "../lib/linkToken";
import { useSubmit } from "../lib/useSubmit";
import { ProblemMessage } from "../components/Status";

/**
 * For a signed-in user whose address is not confirmed yet: what it is for, and a new link. Shows
 * nothing otherwise.
 */
export function VerifyEmailBanner() {
  const { user } = useSession();
  const { busy, error, run } = useSubmit();
  const [sent, setSent] = useState(false);

  if (!user || user.emailVerified !== false) {
    return null;
  }
  function resend() {
    setSent(false);
    void run(async () => {
      await unwrap(api.POST("/api/v1/users/me/email-verification"));
      setSent(true);
    });
  }
  return (
    <section className="notice" aria-label="Confirm your email address">
      <p>
        <strong>Confirm your email address</strong> to place orders: we sent a link to {user.email}. You can browse and fill
        your cart meanwhile.
      </p>
      {sent && <p role="status">A new link is on its way to {user.email}. It works once, within 24 hours.</p>}
      <ProblemMessage error={error} />
      <button type="button" onClick={resend} disabled={busy}>{busy ? "Sending…" : "Send a new link"}</button>
    </section>
  );
}

/** The page the emailed link opens: confirms the address with the link's token, once. */
export function VerifyEmail() {
  const token = useLinkToken();
  const { user, reload } = useSession();
  const { error, run } = useSubmit();
  const [done, setDone] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    // Once per page: the link works once, so a second request would only report it spent.
    if (!token || started.current) {
      return;
    }
    started.current = true;
    void run(async () => {
      await unwrap(api.POST("/api/v1/auth/email/verify", { body: { token } }));
      // The session first: a shopper who follows "Go to your cart" at once must not meet the banner.
      await reload();
      setDone(true);
    });
  }, [token, run, reload]);

  if (!token) {
    return (
      <div className="narrow">
        <h1>Confirm your email address</h1>
        <p role="alert">This page needs the link from the confirmation email, in full.</p>
        <p>{user ? <Link to="/account">Send me a new link</Link> : <Link to="/login?next=/account">Log in to get a new link</Link>}</p>
      </div>
    );
  }
  if (done) {
    return (
      <div className="narrow" role="status">
        <h1>Your email address is confirmed</h1>
        <p>Thank you. You can now place orders.</p>
        <p><Link to="/cart">Go to your cart</Link> · <Link to="/">Keep shopping</Link></p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>Confirm your email address</h1>
      {error ? (
        <>
          <ProblemMessage error={error} />
          <p>{user ? <Link to="/account">Send me a new link</Link> : <Link to="/login?next=/account">Log in to get a new link</Link>}</p>
        </>
      ) : <p role="status" aria-live="polite">Confirming…</p>}
    </div>
  );
}
