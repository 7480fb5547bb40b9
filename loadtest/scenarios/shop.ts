// A mixed shop: most visitors browse, some open products, a few sign up, fewer buy; the shares of
// a typical storefront (-e VUS sets the total).
import exec from 'k6/execution';
import { sleep } from 'k6';
import { adminToken, categories, checkout, productIds, productPage, search, uniqueEmail, verifiedShopper } from '../lib/api.ts';
import { options as shared } from '../lib/config.ts';

export const options = shared(['browse', 'product', 'auth', 'checkout']);

const PASSWORD = 'a load test passphrase 42';
let token: string | null = null;
let admin: string | null = null;

export function setup(): { ids: string[] } {
  adminToken();
  return productIds({ inStock: 'true' });
}

export default function shop(data: { ids: string[] }): void {
  const id = data.ids[exec.scenario.iterationInTest % data.ids.length]!;
  const roll = Math.random();
  if (roll < 0.6) {
    categories();
    search({ q: 'chair', size: '24' });
  }
  else if (roll < 0.9) {
    productPage(id);
  }
  else {
    if (token === null) {
      admin ??= adminToken();
      token = verifiedShopper(uniqueEmail(), PASSWORD, admin);
    }
    if (token !== null && roll >= 0.95) {
      checkout(token, id, 1);
    }
  }
  sleep(1);
}
