import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
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
});
