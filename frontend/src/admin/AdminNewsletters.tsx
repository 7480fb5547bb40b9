import { useEffect, useMemo, useState, type FormEvent } from "react";
import { newIdempotencyKey, unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { Pager } from "../components/Pager";

/** How often the list looks again while a newsletter is still being handed out. */
const REFRESH_MS = 2000;

/** Write a newsletter to every user, and follow how far each got. */
export function AdminNewsletters() {
  const [page, setPage] = useState(0);
  const newsletters = useLoad(() => unwrap(api.GET("/api/v1/notifications/newsletters", { params: { query: { page, size: 20 } } })), [page]);
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");
  // One key per newsletter as written: sending it again after a failure or a timeout cannot mail
  // everyone twice, and editing it makes it another newsletter.
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [subject, text]);

  const stillSending = newsletters.data?.items?.some((n) => n.status === "sending") ?? false;
  const { reload } = newsletters;
  useEffect(() => {
    if (!stillSending) {
      return undefined;
    }
    const timer = window.setTimeout(reload, REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [stillSending, newsletters.data, reload]);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!window.confirm(`Send "${subject}" to every user?`)) {
      return;
    }
    setSending(true);
    setError(undefined);
    setNotice("");
    try {
      await unwrap(api.POST("/api/v1/notifications/newsletters", {
        params: { header: { "Idempotency-Key": idempotencyKey } },
        body: { subject, text },
      }));
      setNotice(`"${subject}" is on its way.`);
      setSubject("");
      setText("");
      setPage(0);
      reload();
    } catch (cause) {
      setError(cause);
    } finally {
      setSending(false);
    }
  }

  return (
    <section>
      <h1>Newsletters</h1>
      <p className="muted">Every user gets it in the inbox; by email those with a confirmed address who have not turned news and offers off.</p>
      <form onSubmit={send} aria-label="New newsletter">
        <label>Subject <input required maxLength={200} value={subject} onChange={(e) => setSubject(e.target.value)} /></label>
        <label>Text <textarea required maxLength={20000} rows={8} value={text} onChange={(e) => setText(e.target.value)} /></label>
        <button type="submit" className="primary" disabled={sending}>{sending ? "Sending…" : "Send to everyone"}</button>
      </form>
      <ProblemMessage error={error} />
      {notice && <p role="status" className="notice">{notice}</p>}
      <Loaded state={newsletters} label="Loading newsletters">
        {(list) => list.items?.length ? (
          <>
            <table>
              <thead><tr><th scope="col">Sent</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Emails</th><th scope="col">Inboxes</th></tr></thead>
              <tbody>
                {list.items.map((n) => (
                  <tr key={n.id}>
                    <td>{n.createdAt ? new Date(n.createdAt).toLocaleString() : ""}</td>
                    <td>{n.subject}</td><td>{n.status}</td><td>{n.emailed}</td><td>{n.delivered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} totalPages={list.totalPages} onPage={setPage} />
          </>
        ) : <Empty>No newsletters yet.</Empty>}
      </Loaded>
    </section>
  );
}
