import { ProblemError } from "@agora/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a link's id can name anything at all: every id the platform hands out is a UUID. */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/** What a page shows for a link whose id names nothing, without asking the API a malformed question. */
export function notFound(what: string): ProblemError {
  return new ProblemError({ type: "about:blank", title: "Not found", status: 404, detail: `The ${what} was not found.` });
}
