import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { ResetPassword } from "./PasswordReset";
import { tokenStore } from "../lib/api";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  window.history.replaceState(null, "", "/");
});

function renderReset(hash: string) {
  window.history.replaceState(null, "", "/reset-password" + hash);
  const router = createMemoryRouter([{ path: "/reset-password", element: <ResetPassword /> }],
    { initialEntries: ["/reset-password"] });
  render(<RouterProvider router={router} />);
}

describe("the password reset page", () => {
  it("takes the token out of the address bar as soon as it has read it", () => {
    renderReset("#token=pr_secret");
    expect(window.location.hash).toBe("");
    expect(window.location.href).not.toContain("pr_secret");
    expect(screen.getByRole("form", { name: "Choose a new password" })).toBeTruthy();
  });

  it("asks for the link when the page is opened without one", () => {
    renderReset("");
    expect(screen.getByRole("alert").textContent).toContain("needs the link");
  });

  it("does not send two different passwords, then sends the token with the new one and forgets the session", async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetch);
    tokenStore.set({ accessToken: "a", refreshToken: "r", tokenType: "Bearer", expiresIn: 900 });
    renderReset("#token=pr_abc");
    await userEvent.type(screen.getByLabelText("New password"), "seven herons fold the map");
    await userEvent.type(screen.getByLabelText("Repeat it"), "seven herons fold the mop");
    await userEvent.click(screen.getByRole("button", { name: "Set the new password" }));
    expect(screen.getByRole("alert").textContent).toContain("not the same");
    expect(fetch).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByLabelText("Repeat it"));
    await userEvent.type(screen.getByLabelText("Repeat it"), "seven herons fold the map");
    await userEvent.click(screen.getByRole("button", { name: "Set the new password" }));
    expect((await screen.findByRole("status")).textContent).toContain("Your password is changed");
    const request = (fetch.mock.calls[0] as unknown[])[0] as Request;
    expect(request.headers.get("Authorization")).toBeNull();
    expect(await request.json()).toEqual({ token: "pr_abc", password: "seven herons fold the map" });
    expect(tokenStore.get()).toBeNull();
    // Typing four long passwords key by key takes seconds on a busy machine.
  }, 20_000);
});
