import { NavLink, Navigate, Outlet } from "react-router";
import { useSession } from "../lib/session";
import { Loading } from "../components/Status";

export function VendorHome() {
  const { user, loading, hasRole } = useSession();
  if (loading) {
    return <Loading />;
  }
  if (!user) {
    return <Navigate to="/login?next=/vendor" replace />;
  }
  if (!hasRole("vendor") || !user.vendorId) {
    return <Navigate to="/vendor/apply" replace />;
  }
  return (
    <div className="workspace">
      <nav aria-label="Vendor" className="tabs">
        <NavLink to="/vendor" end>My products</NavLink>
        <NavLink to="/vendor/products/new">New product</NavLink>
        <NavLink to="/vendor/import">Import CSV</NavLink>
        <NavLink to="/vendor/orders">Orders to ship</NavLink>
      </nav>
      <Outlet context={{ vendorId: user.vendorId }} />
    </div>
  );
}
