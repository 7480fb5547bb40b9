// Sign-up and login: a new account, then logging in with it, as a new shopper does.
import { check, sleep } from 'k6';
import { login, signup, uniqueEmail } from '../lib/api.ts';
import { options as shared } from '../lib/config.ts';

export const options = shared(['auth']);

const PASSWORD = 'a load test passphrase 42';

export default function auth(): void {
  const email = uniqueEmail();
  const created = signup(email, PASSWORD);
  const tokens = login(email, PASSWORD);
  check(tokens, { 'login gives a token pair': (t) => created !== null && typeof t?.accessToken === 'string' });
  sleep(1);
}
