import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { Pager } from "../components/Pager";

type User = Schemas["UserUserView"];
const ROLES = ["customer", "vendor", "admin"] as const;
type Role = (typeof ROLES)[number];
const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

export function AdminUsers() {
  const [email, setEmail] = useState("");
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const users = useLoad(() => unwrap(api.GET("/api/v1/users", { params: { query: { email: filter || undefined, page, size: 25 } } })), [filter, page]);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");

  async function toggle(user: User, role: Role) {
    const roles = new Set<Role>((user.roles ?? []).filter(isRole));
    if (roles.has(role)) {
      roles.delete(role);
    } else {
      roles.add(role);
    }
    setError(undefined);
    setNotice("");
    try {
      await unwrap(api.PUT("/api/v1/users/{id}/roles", { params: { path: { id: user.id ?? "" } }, body: { roles: [...roles] } }));
      setNotice(`${user.email}: roles are now ${[...roles].join(", ") || "none"}. Their sessions ended if a role was removed.`);
      users.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  async function vouch(user: User) {
    setError(undefined);
    setNotice("");
    try {
      await unwrap(api.PUT("/api/v1/users/{id}/email-verified", { params: { path: { id: user.id ?? "" } } }));
      setNotice(`${user.email}: the address is marked confirmed; they can check out.`);
      users.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  function search(e: FormEvent) {
    e.preventDefault();
    setPage(0);
    setFilter(email.trim());
  }
  return (
    <section>
      <h1>Users and roles</h1>
      <form onSubmit={search} role="search" aria-label="Find users">
        <label>Email <input type="search" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <button type="submit">Find</button>
      </form>
      <ProblemMessage error={error} />
      {notice && <p role="status" className="notice">{notice}</p>}
      <Loaded state={users} label="Loading users">
        {(result) => result.items?.length ? (
          <>
            <table>
              <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Confirmed</th>{ROLES.map((r) => <th scope="col" key={r}>{r}</th>)}</tr></thead>
              <tbody>
                {result.items.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td><td>{u.email}</td>
                    <td>{u.emailVerified ? "yes" : (
                      <>no <button type="button" className="link" onClick={() => void vouch(u)}
                        aria-label={`Mark the address of ${u.email} confirmed`}>mark confirmed</button></>
                    )}</td>
                    {ROLES.map((r) => (
                      <td key={r}><input type="checkbox" aria-label={`${r} role of ${u.email}`} checked={u.roles?.includes(r) ?? false}
                        onChange={() => void toggle(u, r)} /></td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} totalPages={result.totalPages} onPage={setPage} />
          </>
        ) : <Empty>No users match.</Empty>}
      </Loaded>
    </section>
  );
}
