// Product pages: a listing, then what one product page loads (product, stock, reviews, summary).
import { sleep } from 'k6';
import { productIds, productPage } from '../lib/api.ts';
import { options as shared } from '../lib/config.ts';

export const options = shared(['browse', 'product']);

export function setup(): { ids: string[] } {
  return productIds({});
}

export default function product(data: { ids: string[] }): void {
  const id = data.ids[Math.floor(Math.random() * data.ids.length)]!;
  productPage(id);
  sleep(1);
}
