import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { SessionProvider } from "../lib/session";
import { Login, Signup, safeNext } from "./Login";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

function renderLogin() {
  const router = createMemoryRouter([{ path: "/login", element: <Login /> }, { path: "/orders", element: <p>orders page</p> }],
    { initialEntries: ["/login?next=/orders"] });
  render(<SessionProvider><RouterProvider router={router} /></SessionProvider>);
}

describe("the login form", () => {
  it("shows the problem's title and detail when the credentials are wrong", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify({ type: "https://agora.dev/problems/invalid-credentials",
      title: "Invalid credentials", status: 401, detail: "The email or password is wrong." }), { status: 401, headers: { "Content-Type": "application/problem+json" } })));
    renderLogin();
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Invalid credentials");
    expect(alert.textContent).toContain("The email or password is wrong.");
  });

  it("signs in, keeps the tokens and goes where it was sent", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => new URL(input.url).pathname === "/api/v1/auth/login"
      ? Response.json({ accessToken: "a", refreshToken: "r", tokenType: "Bearer", expiresIn: 900 })
      : Response.json({ id: "u1", email: "ada@example.com", name: "Ada", roles: ["customer"] })));
    renderLogin();
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "a fine long passphrase");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByText("orders page")).toBeTruthy();
    expect(JSON.parse(localStorage.getItem("agora.session") ?? "{}").refreshToken).toBe("r");
  });

  it("keeps where the user was headed when switching between logging in and signing up", () => {
    const router = createMemoryRouter([{ path: "/login", element: <Login /> }, { path: "/signup", element: <Signup /> }],
      { initialEntries: ["/signup?next=/checkout"] });
    render(<SessionProvider><RouterProvider router={router} /></SessionProvider>);
    expect(screen.getByRole("link", { name: "Log in" }).getAttribute("href")).toBe("/login?next=%2Fcheckout");
    cleanup();
    renderLogin();
    expect(screen.getByRole("link", { name: "Create an account" }).getAttribute("href")).toBe("/signup?next=%2Forders");
  });

  it("only follows next to a path inside the app", () => {
    expect(safeNext("/orders?page=2")).toBe("/orders?page=2");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
