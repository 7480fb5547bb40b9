import { NavLink, Navigate, Outlet } from "react-router";
import { useSession } from "../lib/session";
import { Loading } from "../components/Status";

export function AdminHome() {
  const { user, loading, hasRole } = useSession();
  if (loading) {
    return <Loading />;
  }
  if (!user) {
    return <Navigate to="/login?next=/admin" replace />;
  }
  if (!hasRole("admin")) {
    return <p className="problem" role="alert">This page is for admins.</p>;
  }
  return (
    <div className="workspace">
      <nav aria-label="Admin" className="tabs">
        <NavLink to="/admin" end>Dashboard</NavLink>
        <NavLink to="/admin/vendors">Vendor queue</NavLink>
        <NavLink to="/admin/products">Product reviews</NavLink>
        <NavLink to="/admin/users">Users</NavLink>
        <NavLink to="/admin/orders">Orders</NavLink>
        <NavLink to="/admin/emails">Failed emails</NavLink>
        <NavLink to="/admin/newsletters">Newsletters</NavLink>
        <NavLink to="/admin/locations">Locations</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
