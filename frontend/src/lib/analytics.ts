import type { Schemas } from "@agora/client";
import { api } from "./api";

type ClientEvent = Schemas["ClientEventsEvent"];
export type EventType = "page_view" | "product_view" | "search" | "add_to_cart" | "remove_from_cart" | "checkout_started" | "order_placed";

const BATCH = 20;
const INTERVAL_MS = 5000;

function sessionId(): string {
  const key = "agora.analytics.session";
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(key, id);
  }
  return id;
}

/**
 * Storefront events for the dashboard, sent in batches: every 5 s, at 20 events, and when the page
 * is hidden. Losing a batch to a network error is acceptable; blocking the shopper is not.
 */
export class Tracker {
  private queue: ClientEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly send: (events: ClientEvent[]) => Promise<unknown>) {}

  track(type: EventType, properties: Record<string, string | number | boolean> = {}): void {
    this.queue.push({ type, sessionId: sessionId(), occurredAt: new Date().toISOString(), properties });
    if (this.queue.length >= BATCH) {
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), INTERVAL_MS);
    }
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) {
      return;
    }
    const batch = this.queue.splice(0, this.queue.length);
    try {
      await this.send(batch);
    } catch {
      // Analytics never gets in the shopper's way.
    }
  }

  pending(): number {
    return this.queue.length;
  }
}

export const tracker = new Tracker((events) => api.POST("/api/v1/analytics/events", { body: { events } }));

if (typeof document !== "undefined") {
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      void tracker.flush();
    }
  });
}
