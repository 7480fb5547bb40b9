import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { SessionProvider } from "../lib/session";
import { tokenStore } from "../lib/api";
import { VerifyEmail, VerifyEmailBanner } from "./EmailVerification";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  window.history.replaceState(null, "", "/");
});

function me(emailVerified: boolean) {
  return Response.json({ id: "u1", email: "ada@example.com", name: "Ada", roles: ["customer"], emailVerified });
}

/** A response the test releases when it chooses. */
function held() {
  let release!: (r: Response) => void;
  const response = new Promise<Response>((resolve) => { release = resolve; });
  return { response, release };
}

describe("the page the confirmation link opens", () => {
  it("says the address is confirmed only once the session knows it, whatever order the answers come in", async () => {
    // The page's first look at the user (unconfirmed) is slow and answers last; the look after the
    // confirmation is slow too. Neither may leave the session saying "not confirmed".
    const firstLook = held();
    const secondLook = held();
    let looks = 0;
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
      const path = new URL(input.url).pathname;
      if (path === "/api/v1/auth/email/verify") {
        return new Response(null, { status: 204 });
      }
      looks += 1;
      return looks === 1 ? firstLook.response : secondLook.response;
    }));
    tokenStore.set({ accessToken: "a", refreshToken: "r", tokenType: "Bearer", expiresIn: 900 });
    window.history.replaceState(null, "", "/verify-email#token=ev_abc");
    const router = createMemoryRouter([{ path: "/verify-email", element: <><VerifyEmailBanner /><VerifyEmail /></> }],
      { initialEntries: ["/verify-email"] });
    render(<SessionProvider><RouterProvider router={router} /></SessionProvider>);

    await vi.waitFor(() => expect(looks).toBe(2));
    expect(screen.queryByRole("heading", { name: "Your email address is confirmed" })).toBeNull();
    secondLook.release(me(true));
    await screen.findByRole("heading", { name: "Your email address is confirmed" });
    firstLook.release(me(false));
    // Let the stale answer land, then the banner for unconfirmed addresses must still be absent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole("region", { name: "Confirm your email address" })).toBeNull();
  });
});
