import { createBrowserRouter, Link, RouterProvider } from "react-router";
import { SessionProvider } from "./lib/session";
import { Layout } from "./components/Layout";
import { Home } from "./shop/Home";
import { Search } from "./shop/Search";
import { ProductPage } from "./shop/ProductPage";
import { CartPage } from "./shop/CartPage";
import { Checkout } from "./shop/Checkout";
import { OrderDetail, Orders } from "./shop/Orders";
import { Inbox } from "./shop/Inbox";
import { Login, Signup } from "./account/Login";
import { ForgotPassword, ResetPassword } from "./account/PasswordReset";
import { Account } from "./account/Account";
import { VerifyEmail } from "./account/EmailVerification";
import { VendorApply } from "./vendor/VendorApply";
import { VendorHome } from "./vendor/VendorHome";
import { VendorProducts } from "./vendor/VendorProducts";
import { ProductForm } from "./vendor/ProductForm";
import { StockPage } from "./vendor/StockPage";
import { ImportPage } from "./vendor/ImportPage";
import { VendorOrders } from "./vendor/VendorOrders";
import { AdminHome } from "./admin/AdminHome";
import { Dashboard } from "./admin/Dashboard";
import { AdminVendors } from "./admin/AdminVendors";
import { AdminProducts } from "./admin/AdminProducts";
import { AdminUsers } from "./admin/AdminUsers";
import { AdminOrders } from "./admin/AdminOrders";
import { AdminEmails } from "./admin/AdminEmails";
import { AdminNewsletters } from "./admin/AdminNewsletters";
import { AdminLocations } from "./admin/AdminLocations";
import { RequireUser } from "./account/RequireUser";

function NotFound() {
  return <div><h1>Page not found</h1><p><Link to="/">Back to the shop</Link></p></div>;
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <Layout />,
    children: [
      { path: "/", element: <Home /> },
      { path: "/search", element: <Search /> },
      { path: "/products/:id", element: <ProductPage /> },
      { path: "/cart", element: <CartPage /> },
      { path: "/checkout", element: <Checkout /> },
      { path: "/orders", element: <RequireUser><Orders /></RequireUser> },
      { path: "/orders/:id", element: <RequireUser><OrderDetail /></RequireUser> },
      { path: "/inbox", element: <RequireUser><Inbox /></RequireUser> },
      { path: "/login", element: <Login /> },
      { path: "/signup", element: <Signup /> },
      { path: "/forgot-password", element: <ForgotPassword /> },
      { path: "/reset-password", element: <ResetPassword /> },
      { path: "/verify-email", element: <VerifyEmail /> },
      { path: "/account", element: <Account /> },
      { path: "/vendor/apply", element: <VendorApply /> },
      {
        path: "/vendor",
        element: <VendorHome />,
        children: [
          { index: true, element: <VendorProducts /> },
          { path: "products/new", element: <ProductForm /> },
          { path: "products/:id", element: <ProductForm /> },
          { path: "stock/:id", element: <StockPage /> },
          { path: "import", element: <ImportPage /> },
          { path: "orders", element: <VendorOrders /> },
        ],
      },
      {
        path: "/admin",
        element: <AdminHome />,
        children: [
          { index: true, element: <Dashboard /> },
          { path: "vendors", element: <AdminVendors /> },
          { path: "products", element: <AdminProducts /> },
          { path: "users", element: <AdminUsers /> },
          { path: "orders", element: <AdminOrders /> },
          { path: "emails", element: <AdminEmails /> },
          { path: "newsletters", element: <AdminNewsletters /> },
          { path: "locations", element: <AdminLocations /> },
        ],
      },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
