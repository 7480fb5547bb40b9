// Checkout: each virtual user signs up once (an admin vouching for the address: -e ADMIN_EMAIL,
// -e ADMIN_PASSWORD), then orders a product in stock with pm_card_visa and looks at its order
// history, over and over.
import { sleep } from 'k6';
import { adminToken, checkout, orders, productIds, uniqueEmail, verifiedShopper } from '../lib/api.ts';
import { options as shared } from '../lib/config.ts';

export const options = shared(['auth', 'browse', 'checkout', 'orders']);

const PASSWORD = 'a load test passphrase 42';
let token: string | null = null;
let admin: string | null = null;

export function setup(): { ids: string[] } {
  adminToken();
  return productIds({ inStock: 'true' });
}

export default function buy(data: { ids: string[] }): void {
  if (token === null) {
    admin ??= adminToken();
    token = verifiedShopper(uniqueEmail(), PASSWORD, admin);
    if (token === null) {
      return;
    }
  }
  const id = data.ids[Math.floor(Math.random() * data.ids.length)]!;
  checkout(token, id, 1);
  orders(token);
  sleep(1);
}
