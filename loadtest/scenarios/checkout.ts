// Checkout: each virtual user signs up once, then orders a product in stock with pm_card_visa and
// looks at its order history, over and over.
import { sleep } from 'k6';
import { checkout, orders, search, signup, uniqueEmail } from '../lib/api.ts';
import { options as shared } from '../lib/config.ts';

export const options = shared(['auth', 'browse', 'checkout', 'orders']);

const PASSWORD = 'a load test passphrase 42';
let token: string | null = null;

export function setup(): { ids: string[] } {
  const page = search({ inStock: 'true', size: '100' });
  const ids = (page?.items ?? []).map((p) => p.id).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) {
    throw new Error('No product in stock: seed the catalogue first (make run does).');
  }
  return { ids };
}

export default function buy(data: { ids: string[] }): void {
  if (token === null) {
    token = signup(uniqueEmail(), PASSWORD)?.accessToken ?? null;
    if (token === null) {
      return;
    }
  }
  const id = data.ids[Math.floor(Math.random() * data.ids.length)]!;
  checkout(token, id, 1);
  orders(token);
  sleep(1);
}
