import { useEffect, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { itemCount, useCart } from "../lib/cart";
import { useSession } from "../lib/session";
import { tracker } from "../lib/analytics";
import { SearchBox } from "./SearchBox";

export function Layout() {
  const { user, hasRole, logout } = useSession();
  const cart = useCart();
  const navigate = useNavigate();
  const location = useLocation();
  const unread = useUnread(user?.id, location.pathname);

  useEffect(() => {
    tracker.track("page_view", { path: location.pathname });
  }, [location.pathname]);

  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="site-header">
        <Link to="/" className="brand" aria-label="Agora home">Agora</Link>
        <SearchBox />
        <nav aria-label="Account and cart" className="site-nav">
          <NavLink to="/cart">Cart <span className="badge" aria-label={`${itemCount(cart)} items`}>{itemCount(cart)}</span></NavLink>
          {user ? (
            <>
              <NavLink to="/orders">Orders</NavLink>
              <NavLink to="/inbox">Inbox {unread > 0 && <span className="badge" aria-label={`${unread} unread`}>{unread}</span>}</NavLink>
              {hasRole("vendor") && <NavLink to="/vendor">Sell</NavLink>}
              {hasRole("admin") && <NavLink to="/admin">Admin</NavLink>}
              <NavLink to="/account">{user.name ?? "Account"}</NavLink>
              <button type="button" className="link" onClick={() => void logout().then(() => navigate("/"))}>Log out</button>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <NavLink to="/signup">Sign up</NavLink>
            </>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Agora, an open marketplace. Payments are simulated: no real card is ever charged.</p>
      </footer>
    </>
  );
}

/** Unread in-app notifications, refreshed on navigation and every 30 s. */
function useUnread(userId: string | undefined, path: string): number {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    if (!userId) {
      setUnread(0);
      return;
    }
    let live = true;
    const load = () => unwrap(api.GET("/api/v1/notifications/me", { params: { query: { unread: true, size: 1 } } }))
      .then((page) => live && setUnread(page.totalItems ?? 0), () => undefined);
    void load();
    const timer = setInterval(load, 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [userId, path]);
  return unread;
}
