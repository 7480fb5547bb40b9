import { useState, type FormEvent } from "react";
import { Navigate } from "react-router";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useSession } from "../lib/session";
import { ProblemMessage } from "../components/Status";

type VendorRequest = Schemas["VendorVendorRequest"];

export function VendorApply() {
  const { user, loading } = useSession();
  const [form, setForm] = useState<VendorRequest>({
    name: "", contactEmail: user?.email ?? "", businessName: "", businessType: "individual",
    address: { line1: "", city: "", postalCode: "", country: "US" },
  });
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<Schemas["VendorPrivateView"]>();

  if (!loading && !user) {
    return <Navigate to="/login?next=/vendor/apply" replace />;
  }
  if (sent) {
    return (
      <div className="narrow outcome" role="status">
        <h1>Application sent</h1>
        <p>{sent.name} is <strong>{sent.verificationStatus}</strong>. An admin reviews it; you get a notification when
          it is decided. Log in again after approval to start selling.</p>
      </div>
    );
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const created = await unwrap(api.POST("/api/v1/vendors", { body: form }));
      setSent(created as Schemas["VendorPrivateView"]);
    } catch (cause) {
      setError(cause);
    }
  }
  const address = form.address ?? {};
  const setAddress = (key: string, value: string) => setForm({ ...form, address: { ...address, [key]: value } });
  return (
    <form className="narrow" onSubmit={submit} aria-label="Apply as a vendor">
      <h1>Sell on Agora</h1>
      <label>Shop name <input required maxLength={120} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
      <label>Legal business name <input required maxLength={200} value={form.businessName} onChange={(e) => setForm({ ...form, businessName: e.target.value })} /></label>
      <label>Business type
        <select value={form.businessType} onChange={(e) => setForm({ ...form, businessType: e.target.value as VendorRequest["businessType"] })}>
          <option value="individual">Individual</option><option value="company">Company</option><option value="nonprofit">Non-profit</option>
        </select>
      </label>
      <label>Contact email <input type="email" required maxLength={254} value={form.contactEmail} onChange={(e) => setForm({ ...form, contactEmail: e.target.value })} /></label>
      <label>Phone (optional) <input type="tel" maxLength={40} value={form.contactPhone ?? ""} onChange={(e) => setForm({ ...form, contactPhone: e.target.value || undefined })} /></label>
      <label>Tax id (optional) <input maxLength={40} value={form.taxId ?? ""} onChange={(e) => setForm({ ...form, taxId: e.target.value || undefined })} /></label>
      <fieldset>
        <legend>Business address</legend>
        <label>Address <input required maxLength={200} value={address.line1 ?? ""} onChange={(e) => setAddress("line1", e.target.value)} /></label>
        <label>City <input required maxLength={100} value={address.city ?? ""} onChange={(e) => setAddress("city", e.target.value)} /></label>
        <label>Postal code <input required maxLength={20} value={address.postalCode ?? ""} onChange={(e) => setAddress("postalCode", e.target.value)} /></label>
        <label>Country code <input required pattern="[A-Z]{2}" maxLength={2} value={address.country ?? ""} onChange={(e) => setAddress("country", e.target.value)} /></label>
      </fieldset>
      <ProblemMessage error={error} />
      <button type="submit" className="primary">Apply</button>
    </form>
  );
}
