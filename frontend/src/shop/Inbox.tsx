import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded } from "../components/Status";

export function Inbox() {
  const messages = useLoad(() => unwrap(api.GET("/api/v1/notifications/me", { params: { query: { size: 50 } } })), []);
  async function read(id: string) {
    await unwrap(api.POST("/api/v1/notifications/{id}/read", { params: { path: { id } } })).catch(() => undefined);
    messages.reload();
  }
  return (
    <div>
      <h1>Inbox</h1>
      <Loaded state={messages} label="Loading notifications">
        {(page) => page.items?.length ? (
          <ul className="inbox">
            {page.items.map((n) => (
              <li key={n.id} className={n.read ? "read" : "unread"}>
                <p><strong>{n.subject}</strong> {!n.read && <span className="badge">new</span>}</p>
                <p className="muted">{n.createdAt ? new Date(n.createdAt).toLocaleString() : ""}</p>
                <p className="body">{n.body}</p>
                {!n.read && <button type="button" className="link" onClick={() => void read(n.id ?? "")}>Mark as read</button>}
              </li>
            ))}
          </ul>
        ) : <Empty>No notifications.</Empty>}
      </Loaded>
    </div>
  );
}
