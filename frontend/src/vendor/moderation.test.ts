import { describe, expect, it } from "vitest";
import { moderationNote } from "./moderation";

describe("moderation note", () => {
  it("tells the vendor a new product waits for an admin", () => {
    expect(moderationNote({ moderation: "pending_review" }).label).toBe("Waiting for review");
  });

  it("gives the admin's reason for a rejection and how to resubmit", () => {
    const note = moderationNote({ moderation: "rejected", moderationReason: "Blurry photo." });
    expect(note.label).toBe("Not approved");
    expect(note.detail).toBe("Blurry photo. Change the name, description or images to send it for review again.");
  });

  it("says which edits send an approved product back to review", () => {
    expect(moderationNote({ moderation: "approved" }).detail).toContain("price and stock do not");
  });
});
