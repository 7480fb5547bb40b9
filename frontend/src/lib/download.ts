/** The file name a response's Content-Disposition gives, or the fallback. */
export function fileName(contentDisposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(contentDisposition ?? "") ?? /filename=([^;\s]+)/.exec(contentDisposition ?? "");
  // Only a plain name: a path or a hidden file is never what a download should be saved as.
  const name = match?.[1];
  return name && /^[\w][\w .-]*$/.test(name) ? name : fallback;
}

/** Hands a downloaded body to the browser to save under a name. */
export function save(body: Blob, name: string): void {
  const url = URL.createObjectURL(body);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
