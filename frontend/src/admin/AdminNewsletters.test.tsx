import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AdminNewsletters } from "./AdminNewsletters";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function newsletter(status: "sending" | "sent", emailed: number) {
  return { id: "n-1", subject: "Spring sale", text: "Half price", status, emailed, delivered: emailed + 2,
    createdBy: "a-1", createdAt: "2026-03-01T10:00:00Z", completedAt: status === "sent" ? "2026-03-01T10:00:05Z" : null };
}

function page(...items: unknown[]) {
  return Response.json({ items, page: 0, size: 20, totalItems: items.length, totalPages: 1 });
}

describe("the newsletters page", () => {
  it("follows a newsletter being sent until it is sent, then stops asking", async () => {
    const answers = [page(newsletter("sending", 3)), page(newsletter("sent", 7))];
    const fetch = vi.fn(async () => answers.shift() ?? page(newsletter("sent", 7)));
    vi.stubGlobal("fetch", fetch);
    render(<AdminNewsletters />);

    const row = await screen.findByRole("row", { name: /Spring sale/ });
    expect(within(row).getByRole("cell", { name: "sending" })).toBeTruthy();
    await within(row).findByRole("cell", { name: "sent" }, { timeout: 5000 });
    expect(within(row).getByRole("cell", { name: "7" })).toBeTruthy();
    const asked = fetch.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(fetch.mock.calls.length).toBe(asked);
  }, 15_000);

  it("sends a newsletter again under its key after a failure, and the next one under a new key", async () => {
    const keys: (string | null)[] = [];
    const fetch = vi.fn(async (input: Request) => {
      if (input.method !== "POST") {
        return page();
      }
      keys.push(input.headers.get("Idempotency-Key"));
      return keys.length === 1
        ? new Response(JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "Try again shortly." }),
          { status: 503, headers: { "Content-Type": "application/problem+json" } })
        : Response.json(newsletter("sending", 0), { status: 202 });
    });
    vi.stubGlobal("fetch", fetch);
    vi.spyOn(window, "confirm").mockReturnValue(true);
    render(<AdminNewsletters />);
    await screen.findByText("No newsletters yet.");

    await userEvent.type(screen.getByLabelText("Subject"), "Spring sale");
    await userEvent.type(screen.getByLabelText("Text"), "Half price");
    await userEvent.click(screen.getByRole("button", { name: "Send to everyone" }));
    await screen.findByText(/Try again shortly/);
    await userEvent.click(screen.getByRole("button", { name: "Send to everyone" }));
    await screen.findByText(/is on its way/);
    await userEvent.type(screen.getByLabelText("Subject"), "Summer sale");
    await userEvent.type(screen.getByLabelText("Text"), "A third off");
    await userEvent.click(screen.getByRole("button", { name: "Send to everyone" }));
    await vi.waitFor(() => expect(keys).toHaveLength(3));

    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("keeps the draft and shows why when the send is refused", async () => {
    const fetch = vi.fn(async (input: Request) => input.method === "POST"
      ? new Response(JSON.stringify({ type: "about:blank", title: "Bad Request", status: 400, detail: "subject: must be one line of text" }),
        { status: 400, headers: { "Content-Type": "application/problem+json" } })
      : page());
    vi.stubGlobal("fetch", fetch);
    vi.spyOn(window, "confirm").mockReturnValue(true);
    render(<AdminNewsletters />);
    await screen.findByText("No newsletters yet.");

    await userEvent.type(screen.getByLabelText("Subject"), "Spring sale");
    await userEvent.type(screen.getByLabelText("Text"), "Half price");
    await userEvent.click(screen.getByRole("button", { name: "Send to everyone" }));
    await screen.findByText(/must be one line of text/);
    expect((screen.getByLabelText("Subject") as HTMLInputElement).value).toBe("Spring sale");
    expect((screen.getByLabelText("Text") as HTMLTextAreaElement).value).toBe("Half price");
  });
});
