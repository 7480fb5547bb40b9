import { ProblemError } from "@agora/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a link's id can name anything at all: every id the platform hands out is a UUID. */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/**
 * Loads what a link's id names; an id that cannot name anything is the API's 404 without asking it
 * a malformed question.
 */
export function byId<T>(id: string, what: string, load: () => Promise<T>): Promise<T> {
  return isId(id) ? load() : Promise.reject(notFound(what));
}

/** The API's 404 for what the app itself knows the caller cannot have. */
export function notFound(what: string): ProblemError {
  return new ProblemError({ type: "about:blank", title: "Not found", status: 404, detail: `The ${what} was not found.` });
}
