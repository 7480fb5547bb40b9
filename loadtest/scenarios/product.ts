// Product pages: a listing, then what one product page loads (product, stock, reviews, summary).
import { sleep } from 'k6';
import { productPage, search } from '../lib/api.ts';
import { options as shared } from '../lib/config.ts';

export const options = shared(['browse', 'product']);

export function setup(): { ids: string[] } {
  const page = search({ size: '100' });
  const ids = (page?.items ?? []).map((p) => p.id).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) {
    throw new Error('No products to open: seed the catalogue first (make run does).');
  }
  return { ids };
}

export default function product(data: { ids: string[] }): void {
  const id = data.ids[Math.floor(Math.random() * data.ids.length)]!;
  productPage(id);
  sleep(1);
}
