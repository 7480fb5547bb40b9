import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useSession } from "../lib/session";
import { ProblemMessage } from "../components/Status";
import { useSubmit } from "../lib/useSubmit";

/** Only paths inside the app: `next` comes from the URL and must not send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.includes("\\") ? next : "/";
}

/**
 * Submits a sign-in form, then goes where the user was headed (`next`, inside the app only);
 * `carry` keeps that destination on a link to the other form.
 */
function useSignIn() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { busy, error, run } = useSubmit();
  function submit(e: FormEvent, action: () => Promise<unknown>) {
    e.preventDefault();
    void run(async () => {
      await action();
      navigate(next, { replace: true });
    });
  }
  const carry = params.get("next") ? `?next=${encodeURIComponent(next)}` : "";
  return { busy, error, submit, carry };
}

export function Login() {
  const { login } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, submit, carry } = useSignIn();

  return (
    <form className="narrow" onSubmit={(e) => submit(e, () => login(email.trim(), password))} aria-label="Log in">
      <h1>Log in</h1>
      <label>Email <input type="email" required autoComplete="username" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} /></label>
      <label>Password <input type="password" required autoComplete="current-password" maxLength={128} value={password} onChange={(e) => setPassword(e.target.value)} /></label>
      <ProblemMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>{busy ? "Logging in…" : "Log in"}</button>
      <p><Link to="/forgot-password">Forgot your password?</Link></p>
      <p>New here? <Link to={`/signup${carry}`}>Create an account</Link></p>
    </form>
  );
}

export function Signup() {
  const { signup } = useSession();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, submit, carry } = useSignIn();

  return (
    <form className="narrow" onSubmit={(e) => submit(e, () => signup(name.trim(), email.trim(), password))} aria-label="Sign up">
      <h1>Create an account</h1>
      <label>Name <input required maxLength={100} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label>Email <input type="email" required maxLength={254} autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
      <label>Password <input type="password" required minLength={12} maxLength={128} autoComplete="new-password" value={password}
        aria-describedby="password-hint" onChange={(e) => setPassword(e.target.value)} /></label>
      <p id="password-hint" className="muted">At least 12 characters; a few unrelated words make a strong one.</p>
      <ProblemMessage error={error} />
      <button type="submit" className="primary" disabled={busy}>{busy ? "Creating…" : "Sign up"}</button>
      <p>Have an account? <Link to={`/login${carry}`}>Log in</Link></p>
    </form>
  );
}
