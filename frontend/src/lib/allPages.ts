/** One page of a list response, as every list endpoint answers. */
interface Page<T> {
  items?: T[];
  totalPages?: number;
}

/** Every item of a paged list, reading page after page (of the size `fetchPage` asks for) until the last. */
export async function allPages<T>(fetchPage: (page: number) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 0; ; page++) {
    const got = await fetchPage(page);
    all.push(...(got.items ?? []));
    if (page + 1 >= (got.totalPages ?? 0)) {
      return all;
    }
  }
}
