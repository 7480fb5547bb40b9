/** Regional names as a vendor types them: one per line, "tag = name". */
export function parseNames(text: string): Record<string, string> {
  const names: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (at < 0) {
      continue;
    }
    const tag = line.slice(0, at).trim();
    const name = line.slice(at + 1).trim();
    if (tag && name) {
      names[tag] = name;
    }
  }
  return names;
}

/** The lines a vendor typed that parseNames cannot read (no "=", no tag or no name), as typed. */
export function unreadableNameLines(text: string): string[] {
  return text.split("\n").map((line) => line.trim()).filter((line) => {
    if (!line) {
      return false;
    }
    const at = line.indexOf("=");
    return at < 0 || !line.slice(0, at).trim() || !line.slice(at + 1).trim();
  });
}

export function formatNames(names: Record<string, string> | undefined): string {
  return Object.entries(names ?? {}).map(([tag, name]) => `${tag} = ${name}`).join("\n");
}

/**
 * The language tag of the name a product was sent with, when it is one of its regional names (the
 * server picks it from the browser's Accept-Language), so screen readers pronounce it right.
 */
export function nameLanguage(product: { name?: string; names?: Record<string, string> }): string | undefined {
  return Object.entries(product.names ?? {}).find(([, name]) => name === product.name)?.[0];
}
