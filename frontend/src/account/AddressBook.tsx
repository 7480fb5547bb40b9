import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Loaded, ProblemMessage } from "../components/Status";
import { AddressFields, EMPTY_ADDRESS, oneLine, trimmed, type PostalAddress } from "../components/AddressFields";
import { useSubmit } from "../lib/useSubmit";

type Saved = Schemas["AddressView"];

/** The shipping addresses checkout offers: add, edit, delete, choose the default. */
export function AddressBook() {
  const addresses = useLoad(() => unwrap(api.GET("/api/v1/users/me/addresses")), []);
  // The address being edited, "new" for the add form, or none.
  const [editing, setEditing] = useState<string>();
  const { error, run } = useSubmit();

  function act(action: () => Promise<unknown>) {
    void run(async () => {
      await action();
      addresses.reload();
    });
  }

  return (
    <section aria-labelledby="address-book">
      <h2 id="address-book">Addresses</h2>
      <Loaded state={addresses} label="Loading your addresses">
        {(list) => (
          <>
            {list.length === 0 && <p className="muted">No saved addresses yet. Checkout offers the ones you save here.</p>}
            <ul className="addresses">
              {list.map((a) => (
                <li key={a.id} aria-label={a.label ?? oneLine(a)}>
                  {editing === a.id ? (
                    <AddressForm initial={a} onCancel={() => setEditing(undefined)}
                      onSaved={() => { setEditing(undefined); addresses.reload(); }} />
                  ) : (
                    <>
                      <p>{a.label && <strong>{a.label}: </strong>}{oneLine(a)} {a.isDefault && <span className="badge ok">Default</span>}</p>
                      <div className="actions">
                        <button type="button" onClick={() => setEditing(a.id)}>Edit</button>
                        {!a.isDefault && (
                          <button type="button" onClick={() => act(() => unwrap(api.PUT("/api/v1/users/me/addresses/{id}",
                            { params: { path: { id: a.id ?? "" } }, body: { ...toRequest(a), isDefault: true } })))}>Make default</button>
                        )}
                        <button type="button" onClick={() => act(() => unwrap(api.DELETE("/api/v1/users/me/addresses/{id}",
                          { params: { path: { id: a.id ?? "" } } })))}>Delete</button>
                      </div>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {editing === "new" ? (
              <AddressForm onCancel={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); addresses.reload(); }} />
            ) : (
              list.length < 20 && <button type="button" onClick={() => setEditing("new")}>Add an address</button>
            )}
          </>
        )}
      </Loaded>
      <ProblemMessage error={error} />
    </section>
  );
}

function toRequest(a: Saved): PostalAddress & { label?: string } {
  return { label: a.label ?? undefined, name: a.name ?? "", line1: a.line1 ?? "", line2: a.line2 ?? "", city: a.city ?? "",
    region: a.region ?? "", postalCode: a.postalCode ?? "", country: a.country ?? "" };
}

function AddressForm({ initial, onSaved, onCancel }: { initial?: Saved; onSaved: () => void; onCancel: () => void }) {
  const [address, setAddress] = useState<PostalAddress>(() => (initial ? toRequest(initial) : EMPTY_ADDRESS));
  const [label, setLabel] = useState(initial?.label ?? "");
  const [makeDefault, setMakeDefault] = useState(false);
  const { busy, error, run } = useSubmit();

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = { ...trimmed(address), label: label.trim() || undefined, isDefault: makeDefault || undefined };
    void run(async () => {
      if (initial?.id) {
        await unwrap(api.PUT("/api/v1/users/me/addresses/{id}", { params: { path: { id: initial.id } }, body }));
      } else {
        await unwrap(api.POST("/api/v1/users/me/addresses", { body }));
      }
      onSaved();
    });
  }

  return (
    <form onSubmit={submit} aria-label={initial ? "Edit address" : "New address"}>
      <label>Label (optional, such as Home) <input value={label} maxLength={50} onChange={(e) => setLabel(e.target.value)} /></label>
      <AddressFields value={address} onChange={setAddress} />
      {!initial?.isDefault && (
        <label className="check"><input type="checkbox" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} />
          Use as my default address</label>
      )}
      <ProblemMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? "Saving…" : "Save address"}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
