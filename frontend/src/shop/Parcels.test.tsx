import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { Parcels } from "./Parcels";

afterEach(cleanup);

const money = (amount: string) => ({ amount, currency: "USD" });

describe("the parcels of an order", () => {
  it("show each vendor's part with its own items, where it is and its tracking number", () => {
    render(<Parcels order={{
      items: [
        { productId: "p-1", vendorId: "v-a", name: "Enamel Colander", quantity: 2, unitPrice: money("18.00"), lineTotal: money("36.00") },
        { productId: "p-2", vendorId: "v-b", name: "Brass Trivet", quantity: 1, unitPrice: money("31.00"), lineTotal: money("31.00") },
        { productId: "p-3", vendorId: "v-a", name: "Tea Towel", quantity: 3, unitPrice: money("4.00"), lineTotal: money("12.00") },
      ],
      fulfilments: [
        { vendorId: "v-a", status: "SHIPPED", carrier: "DHL Express", trackingNumber: "JD0146000012345" },
        { vendorId: "v-b", status: "PENDING" },
      ],
    }} />);
    const parts = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(parts).toEqual([
      "On its way: 2 × Enamel Colander, 3 × Tea Towel · DHL Express · tracking number JD0146000012345",
      "Not shipped yet: 1 × Brass Trivet",
    ]);
    expect(screen.getByRole("heading", { name: "Delivery" })).toBeTruthy();
  });

  it("offer to cancel a part not shipped yet while another part stands, and show what a cancelled part refunded", () => {
    const onCancel = vi.fn();
    const items = [
      { productId: "p-1", vendorId: "v-a", name: "Enamel Colander", quantity: 1, unitPrice: money("18.00"), lineTotal: money("18.00") },
      { productId: "p-2", vendorId: "v-b", name: "Brass Trivet", quantity: 2, unitPrice: money("31.00"), lineTotal: money("62.00") },
      { productId: "p-3", vendorId: "v-c", name: "Tea Towel", quantity: 1, unitPrice: money("4.00"), lineTotal: money("4.00") },
    ];
    render(<Parcels onCancel={onCancel} order={{
      status: "PARTIALLY_SHIPPED", currency: "USD", items,
      fulfilments: [
        { vendorId: "v-a", status: "SHIPPED" },
        { vendorId: "v-b", status: "PENDING" },
        { vendorId: "v-c", status: "CANCELLED", refund: money("4.00") },
      ],
    }} />);

    expect(screen.getAllByRole("button").map((b) => b.getAttribute("aria-label"))).toEqual(["Cancel 2 × Brass Trivet"]);
    fireEvent.click(screen.getByRole("button", { name: "Cancel 2 × Brass Trivet" }));
    expect(onCancel).toHaveBeenCalledWith("v-b");
    expect(screen.getAllByRole("listitem")[2]?.textContent).toBe("Cancelled: 1 × Tea Towel · $4.00 refunded");
  });

  it("offer no part cancellation when the part left is the whole order, or the order has shipped", () => {
    const items = [
      { productId: "p-1", vendorId: "v-a", name: "Enamel Colander", quantity: 1, unitPrice: money("18.00"), lineTotal: money("18.00") },
      { productId: "p-2", vendorId: "v-b", name: "Brass Trivet", quantity: 1, unitPrice: money("31.00"), lineTotal: money("31.00") },
    ];
    render(<Parcels onCancel={() => undefined} order={{ status: "CONFIRMED", items, fulfilments: [
      { vendorId: "v-a", status: "CANCELLED", refund: money("18.00") }, { vendorId: "v-b", status: "PENDING" }] }} />);
    render(<Parcels onCancel={() => undefined} order={{ status: "SHIPPED", items, fulfilments: [
      { vendorId: "v-a", status: "SHIPPED" }, { vendorId: "v-b", status: "SHIPPED" }] }} />);
    expect(screen.queryAllByRole("button")).toEqual([]);
  });
});
