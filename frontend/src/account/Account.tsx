import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { unwrap } from "@agora/client";
import { agora, api } from "../lib/api";
import { useSession } from "../lib/session";
import { ProblemMessage } from "../components/Status";
import { EmailSettings } from "./EmailSettings";
import { AddressBook } from "./AddressBook";
import { VerifyEmailBanner } from "./EmailVerification";

export function Account() {
  const { user, loading, reload, hasRole } = useSession();
  const navigate = useNavigate();
  // Unset until edited: on a direct visit the session loads after the first render, and the field
  // must show the name it brings.
  const [edited, setName] = useState<string>();
  const name = edited ?? user?.name ?? "";
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");

  if (!loading && !user) {
    return <Navigate to="/login?next=/account" replace />;
  }

  async function save(e: FormEvent, body: { name?: string; currentPassword?: string; newPassword?: string }, done: string) {
    e.preventDefault();
    setError(undefined);
    setNotice("");
    try {
      await unwrap(api.PATCH("/api/v1/users/me", { body }));
      await reload();
      setNotice(done);
      setCurrent("");
      setNew("");
    } catch (cause) {
      setError(cause);
    }
  }

  async function logoutEverywhere() {
    setError(undefined);
    try {
      await unwrap(api.POST("/api/v1/auth/logout-everywhere"));
      agora.tokens.set(null);
      await reload();
      navigate("/login", { replace: true });
    } catch (cause) {
      setError(cause);
    }
  }

  return (
    <div className="narrow">
      <h1>Your account</h1>
      <p>{user?.email}{user?.emailVerified ? " (confirmed)" : ""} · {user?.roles?.join(", ")}</p>
      <VerifyEmailBanner />
      {!hasRole("vendor") && <p><Link to="/vendor/apply">Sell on Agora: apply as a vendor</Link></p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      <ProblemMessage error={error} />
      <form onSubmit={(e) => void save(e, { name: name.trim() }, "Your name was saved.")} aria-label="Profile">
        <h2>Profile</h2>
        <label>Name <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <button type="submit">Save</button>
      </form>
      <form onSubmit={(e) => void save(e, { currentPassword, newPassword }, "Your password was changed; your other sessions were ended.")} aria-label="Change password">
        <h2>Change password</h2>
        <label>Current password <input type="password" required autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} /></label>
        <label>New password <input type="password" required minLength={12} maxLength={128} autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} /></label>
        <button type="submit">Change password</button>
      </form>
      <AddressBook />
      <EmailSettings vendor={hasRole("vendor")} />
      <section>
        <h2>Sessions</h2>
        <p>Signed in on a device you no longer have? End every session, here and everywhere else.</p>
        <button type="button" onClick={() => void logoutEverywhere()}>Log out everywhere</button>
      </section>
    </div>
  );
}
