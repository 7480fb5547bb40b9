import { Link } from "react-router";
import { Missing } from "../components/Status";

/** A vendor page's product that is not there, or not this vendor's. */
export function ProductNotFound() {
  return <Missing title="Product not found">Your products are listed under <Link to="/vendor">Products</Link>.</Missing>;
}
