// Calls of Agora's public API as a k6 virtual user makes them, typed by the generated contract
// (type-only imports: k6 never loads the schema, tsc checks every body against it).
import http from 'k6/http';
import type { RefinedResponse, ResponseType } from 'k6/http';
import { check } from 'k6';
import { randomBytes } from 'k6/crypto';
import type { components } from '../../frontend-contract/ts/src/schema.ts';
import { BASE_URL } from './config.ts';

type Schemas = components['schemas'];
export type ProductPage = Schemas['ProductSearchPage'];
export type Product = Schemas['ProductView'];
export type TokenPair = Schemas['TokenPair'];
export type SignupResponse = Schemas['AuthSignupResponse'];
export type Order = Schemas['OrderView'];
export type User = Schemas['UserUserView'];
type Signup = Schemas['AuthRequestsSignup'];
type Login = Schemas['AuthRequestsLogin'];
type Checkout = Schemas['CheckoutRequest'];

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

function bearer(token: string): Record<string, string> {
  return { ...JSON_HEADERS, Authorization: `Bearer ${token}` };
}

/** The body of a successful answer, or null after a failed check (which the thresholds count). */
function body<T>(response: RefinedResponse<ResponseType>, expected: number, what: string): T | null {
  const ok = check(response, { [`${what} answers ${expected}`]: (r) => r.status === expected });
  return ok ? (response.json() as unknown as T) : null;
}

export function search(query: Record<string, string>): ProductPage | null {
  const params = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const response = http.get(`${BASE_URL}/api/v1/products?${params}`, {
    headers: JSON_HEADERS,
    tags: { endpoint: 'browse', name: 'GET /products' },
  });
  return body<ProductPage>(response, 200, 'search');
}

export function categories(): void {
  const response = http.get(`${BASE_URL}/api/v1/categories/tree`, {
    headers: JSON_HEADERS,
    tags: { endpoint: 'browse', name: 'GET /categories/tree' },
  });
  body<unknown>(response, 200, 'category tree');
}

/** What a product page loads: the product, its stock, its reviews and their summary. */
export function productPage(id: string): Product | null {
  const [product, stock, reviews, summary] = http.batch([
    ['GET', `${BASE_URL}/api/v1/products/${id}`, null, { headers: JSON_HEADERS, tags: { endpoint: 'product', name: 'GET /products/{id}' } }],
    ['GET', `${BASE_URL}/api/v1/inventory/${id}`, null, { headers: JSON_HEADERS, tags: { endpoint: 'product', name: 'GET /inventory/{id}' } }],
    ['GET', `${BASE_URL}/api/v1/reviews/product/${id}`, null, { headers: JSON_HEADERS, tags: { endpoint: 'product', name: 'GET /reviews/product/{id}' } }],
    ['GET', `${BASE_URL}/api/v1/reviews/product/${id}/summary`, null, { headers: JSON_HEADERS, tags: { endpoint: 'product', name: 'GET /reviews/product/{id}/summary' } }],
  ]);
  body<unknown>(stock!, 200, 'stock');
  body<unknown>(reviews!, 200, 'reviews');
  body<unknown>(summary!, 200, 'review summary');
  return body<Product>(product!, 200, 'product');
}

export function signup(email: string, password: string): SignupResponse | null {
  const request: Signup = { name: 'Load Test', email, password };
  const response = http.post(`${BASE_URL}/api/v1/auth/signup`, JSON.stringify(request), {
    headers: JSON_HEADERS,
    tags: { endpoint: 'auth', name: 'POST /auth/signup' },
  });
  return body<SignupResponse>(response, 201, 'sign-up');
}

/**
 * A customer who may check out: signs up, has an admin vouch for the address (the run has no
 * mailbox to follow the emailed link from) and signs in again, so the token says emailVerified.
 */
export function verifiedShopper(email: string, password: string, admin: string): string | null {
  const created = signup(email, password);
  const id = created?.user?.id;
  if (!id) {
    return null;
  }
  const response = http.put(`${BASE_URL}/api/v1/users/${id}/email-verified`, null, {
    headers: bearer(admin),
    tags: { endpoint: 'auth', name: 'PUT /users/{id}/email-verified' },
  });
  if (body<User>(response, 200, 'address vouched for') === null) {
    return null;
  }
  return login(email, password)?.accessToken ?? null;
}

/**
 * The admin token checkout scenarios vouch for their shoppers' addresses with, from
 * -e ADMIN_EMAIL and -e ADMIN_PASSWORD (make run prints the demo admin's); fails the run at once without.
 */
export function adminToken(): string {
  const email = __ENV.ADMIN_EMAIL;
  const password = __ENV.ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error('Checkout needs verified email addresses: give an admin with -e ADMIN_EMAIL=... -e ADMIN_PASSWORD=...');
  }
  const token = login(email, password)?.accessToken;
  if (!token) {
    throw new Error(`Could not sign in as the admin ${email}`);
  }
  return token;
}

export function login(email: string, password: string): TokenPair | null {
  const request: Login = { email, password };
  const response = http.post(`${BASE_URL}/api/v1/auth/login`, JSON.stringify(request), {
    headers: JSON_HEADERS,
    tags: { endpoint: 'auth', name: 'POST /auth/login' },
  });
  return body<TokenPair>(response, 200, 'login');
}

/**
 * Places an order with the simulated card that always succeeds, under a fresh Idempotency-Key
 * (a retry of the same checkout would reuse it). 201 is a finished checkout, which with this card
 * must be CONFIRMED; 202 is one still completing in the background (a slow service). A 409 is the
 * shop running out of stock, which a long run against a small catalogue reaches.
 */
export function checkout(token: string, productId: string, quantity: number): Order | null {
  const request: Checkout = {
    items: [{ productId, quantity }],
    paymentMethod: 'pm_card_visa',
    currency: 'USD',
    shippingAddress: { name: 'Load Test', line1: '1 Test Street', city: 'Testville', postalCode: '12345', country: 'US' },
  };
  const response = http.post(`${BASE_URL}/api/v1/orders`, JSON.stringify(request), {
    headers: { ...bearer(token), 'Idempotency-Key': uuid() },
    tags: { endpoint: 'checkout', name: 'POST /orders' },
  });
  const ok = check(response, {
    'checkout answers 201 or 202': (r) => r.status === 201 || r.status === 202,
    'a finished checkout with pm_card_visa is CONFIRMED': (r) =>
      r.status !== 201 || (r.json() as unknown as Order).status === 'CONFIRMED',
  });
  return ok ? (response.json() as unknown as Order) : null;
}

export function orders(token: string): void {
  const response = http.get(`${BASE_URL}/api/v1/orders?size=10`, {
    headers: bearer(token),
    tags: { endpoint: 'orders', name: 'GET /orders' },
  });
  body<unknown>(response, 200, 'order history');
}

/** A unique address per virtual user and iteration, so sign-ups never collide across runs. */
export function uniqueEmail(): string {
  return `k6-${__VU}-${__ITER}-${uuid()}@loadtest.example`;
}

/** A random (version 4) UUID, from k6's own random bytes. */
export function uuid(): string {
  const b = new Uint8Array(randomBytes(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The ids of the products a scenario works with (its setup), from one search; a catalogue with
 * none stops the run with what to do.
 */
export function productIds(query: Record<string, string>): { ids: string[] } {
  const page = search({ ...query, size: '100' });
  const ids = (page?.items ?? []).map((p) => p.id).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) {
    throw new Error('No products to work with: seed the catalogue first (make run does).');
  }
  return { ids };
}
