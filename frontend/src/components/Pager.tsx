/** Previous / next over a list response's pages. */
export function Pager({ page, totalPages, onPage }: { page: number; totalPages: number | undefined; onPage(page: number): void }) {
  const pages = Math.max(1, totalPages ?? 1);
  if (pages <= 1 && page === 0) {
    return null;
  }
  return (
    <nav aria-label="Pages" className="pager">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>Previous</button>
      <span>Page {page + 1} of {pages}</span>
      <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>Next</button>
    </nav>
  );
}
