/** The parts of a postal address Agora ships to: what checkout and the address book both ask for. */
export interface PostalAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
}

export const EMPTY_ADDRESS: PostalAddress = { name: "", line1: "", line2: "", city: "", region: "", postalCode: "", country: "US" };

/** Optional parts left empty are sent as absent, not as "". */
export function trimmed(address: PostalAddress): PostalAddress {
  return {
    name: address.name.trim(), line1: address.line1.trim(), line2: address.line2?.trim() || undefined,
    city: address.city.trim(), region: address.region?.trim() || undefined, postalCode: address.postalCode.trim(),
    country: address.country.trim(),
  };
}

/** One line for a list: "Ada Lovelace, 1 Road, Flat 2, London W1, GB". */
export function oneLine(a: Partial<PostalAddress>): string {
  return [a.name, a.line1, a.line2, [a.city, a.region].filter(Boolean).join(", "), a.postalCode, a.country]
    .filter(Boolean).join(", ");
}

export function AddressFields({ value, onChange }: { value: PostalAddress; onChange: (next: PostalAddress) => void }) {
  const field = (key: keyof PostalAddress, label: string, props: Record<string, unknown> = {}) => (
    <label>{label}
      <input value={value[key] ?? ""} onChange={(e) => onChange({ ...value, [key]: e.target.value })} {...props} />
    </label>
  );
  return (
    <>
      {field("name", "Full name", { required: true, maxLength: 100, autoComplete: "name" })}
      {field("line1", "Address", { required: true, maxLength: 200, autoComplete: "address-line1" })}
      {field("line2", "Address line 2 (optional)", { maxLength: 200, autoComplete: "address-line2" })}
      {field("city", "City", { required: true, maxLength: 100, autoComplete: "address-level2" })}
      {field("region", "State or region (optional)", { maxLength: 100, autoComplete: "address-level1" })}
      {field("postalCode", "Postal code", { required: true, maxLength: 20, autoComplete: "postal-code" })}
      {field("country", "Country code", { required: true, pattern: "[A-Z]{2}", maxLength: 2, autoComplete: "country",
        title: "Two capital letters, e.g. US" })}
    </>
  );
}
