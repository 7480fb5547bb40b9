import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { unwrap } from "@agora/client";
import { api, tokenStore } from "../lib/api";
import { ProblemMessage } from "../components/Status";
import { useSubmit } from "../lib/useSubmit";
import { useLinkToken } from "../lib/linkToken";

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPassword() {
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string>();
  const { busy, error, run } = useSubmit();

  function submit(e: FormEvent) {
    e.preventDefault();
    const address = email.trim();
    void run(async () => {
      await unwrap(api.POST("/api/v1/auth/password/forgot", { body: { email: address } }));
      setSentTo(address);
    });
  }

  if (sentTo) {
    return (
      <div className="narrow" role="status">
        <h1>Check your email</h1>
        <p>If <strong>{sentTo}</strong> has an Agora account, a link to choose a new password is on its way.
          It works once, within 30 minutes.</p>
        <p>Nothing arrived? Look in the spam folder, or <button type="button" className="link" onClick={() => setSentTo(undefined)}>ask again</button>.</p>
        <p><Link to="/login">Back to log in</Link></p>
      </div>
    );
  }
  return (
    <form className="narrow" onSubmit={submit} aria-label="Forgot password">
      <h1>Forgot your password?</h1>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <label>Email <input type="email" required autoComplete="username" maxLength={254} value={email}
        onChange={(e) => setEmail(e.target.value)} /></label>
      <ProblemMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>{busy ? "Sending…" : "Send the link"}</button>
      <p><Link to="/login">Back to log in</Link></p>
    </form>
  );
}

/** Sets a new password with the emailed token; every session of the account ends with it. */
export function ResetPassword() {
  const token = useLinkToken();
  const [done, setDone] = useState(false);

  if (!token) {
    return (
      <div className="narrow">
        <h1>Choose a new password</h1>
        <p role="alert">This page needs the link from the password reset email, in full.</p>
        <p><Link to="/forgot-password">Send me a new link</Link></p>
      </div>
    );
  }
  if (done) {
    return (
      <div className="narrow" role="status">
        <h1>Your password is changed</h1>
        <p>You have been signed out everywhere. Log in with the new password.</p>
        <p><Link to="/login">Log in</Link></p>
      </div>
    );
  }
  return <ResetForm token={token} onDone={() => setDone(true)} />;
}

function ResetForm({ token, onDone }: { token: string; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, run } = useSubmit();

  function submit(e: FormEvent) {
    e.preventDefault();
    setMismatch(password !== repeat);
    if (password !== repeat) {
      return;
    }
    void run(async () => {
      await unwrap(api.POST("/api/v1/auth/password/reset", { body: { token, password } }));
      // Every session of the account has ended, this browser's too if it was the same account.
      tokenStore.set(null);
      onDone();
    });
  }

  return (
    <form className="narrow" onSubmit={submit} aria-label="Choose a new password">
      <h1>Choose a new password</h1>
      <label>New password <input type="password" required minLength={12} maxLength={128} autoComplete="new-password"
        value={password} aria-describedby="reset-hint" onChange={(e) => setPassword(e.target.value)} /></label>
      <label>Repeat it <input type="password" required minLength={12} maxLength={128} autoComplete="new-password"
        value={repeat} onChange={(e) => setRepeat(e.target.value)} /></label>
      <p id="reset-hint" className="muted">At least 12 characters; a few unrelated words make a strong one.</p>
      {mismatch && <p className="problem" role="alert">The two passwords are not the same.</p>}
      <ProblemMessage error={error} />
      {error !== undefined && <p><Link to="/forgot-password">Send me a new link</Link></p>}
      <button type="submit" className="primary" disabled={busy}>{busy ? "Saving…" : "Set the new password"}</button>
    </form>
  );
}
