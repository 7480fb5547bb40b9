import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { allPages } from "../lib/allPages";
import { Empty, Loaded, ProblemMessage } from "../components/Status";

type Location = Schemas["LocationView"];
type Vendor = Schemas["VendorPrivateView"];
type Kind = NonNullable<Location["kind"]>;

/** Every verified vendor, a page of 100 at a time, by name. */
async function allVerifiedVendors(): Promise<Vendor[]> {
  const all = await allPages((page) => unwrap(api.GET("/api/v1/vendors", { params: { query: { status: "verified", size: 100, page } } })));
  return (all as Vendor[]).sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
}

/** Warehouses and stores, one vendor at a time: set one up, rename it, remove one that holds nothing. */
export function AdminLocations() {
  const vendors = useLoad(allVerifiedVendors, []);
  const [vendorId, setVendorId] = useState("");
  const locations = useLoad(async () => vendorId
    ? unwrap(api.GET("/api/v1/inventory/locations", { params: { query: { vendorId, size: 100 } } }))
    : undefined, [vendorId]);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>("warehouse");
  const [country, setCountry] = useState("");
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");

  async function act(what: () => Promise<unknown>, done: string): Promise<boolean> {
    setError(undefined);
    setNotice("");
    try {
      await what();
      setNotice(done);
      locations.reload();
      return true;
    } catch (cause) {
      setError(cause);
      return false;
    }
  }

  function create(e: FormEvent) {
    e.preventDefault();
    void act(() => unwrap(api.POST("/api/v1/inventory/locations", {
      body: { vendorId, name, kind, country: country.trim().toUpperCase() || undefined },
    })), `${name} was set up.`).then((ok) => ok && setName(""));
  }

  function rename(location: Location) {
    const next = window.prompt(`New name for ${location.name}`, location.name);
    if (!next || next === location.name) {
      return;
    }
    void act(() => unwrap(api.PATCH("/api/v1/inventory/locations/{id}", {
      params: { path: { id: location.id ?? "" } }, body: { name: next, version: location.version },
    })), `${location.name} is now ${next}.`);
  }

  function remove(location: Location) {
    if (!window.confirm(`Remove ${location.name}? Its history stays.`)) {
      return;
    }
    void act(() => unwrap(api.DELETE("/api/v1/inventory/locations/{id}", { params: { path: { id: location.id ?? "" } } })),
      `${location.name} was removed.`);
  }

  return (
    <section>
      <h1>Stock locations</h1>
      <Loaded state={vendors} label="Loading vendors">
        {(all) => (
          <label>Vendor{" "}
            <select value={vendorId} onChange={(e) => setVendorId(e.target.value)}>
              <option value="">Choose a vendor</option>
              {all.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
            </select>
          </label>
        )}
      </Loaded>
      <ProblemMessage error={error} />
      {notice && <p role="status" className="notice">{notice}</p>}
      {vendorId && (
        <>
          <Loaded state={locations} label="Loading locations">
            {(page) => page?.items?.length ? (
              <table>
                <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Country</th><th scope="col">Actions</th></tr></thead>
                <tbody>
                  {page.items.map((l) => (
                    <tr key={l.id}>
                      <td>{l.name}</td><td>{l.kind}</td><td>{l.country ?? "not known"}</td>
                      <td className="actions">
                        <button type="button" onClick={() => rename(l)}>Rename <span className="visually-hidden">{l.name}</span></button>
                        <button type="button" onClick={() => remove(l)}>Remove <span className="visually-hidden">{l.name}</span></button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : <Empty>No locations yet: the vendor gets a main warehouse when it first stocks a product.</Empty>}
          </Loaded>
          <form onSubmit={create} aria-label="New location">
            <label>Name <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></label>
            <label>Kind{" "}
              <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                <option value="warehouse">Warehouse</option>
                <option value="store">Store</option>
              </select>
            </label>
            <label>Country (ISO code, e.g. DE) <input value={country} maxLength={2} pattern="[A-Za-z]{2}" onChange={(e) => setCountry(e.target.value)} /></label>
            <button type="submit" className="primary">Add location</button>
          </form>
        </>
      )}
    </section>
  );
}
