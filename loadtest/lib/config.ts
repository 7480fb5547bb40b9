// Where the platform is and how hard to push it, from k6's -e options.
import type { Options, Scenario } from 'k6/options';

/** The gateway (or the web app's origin, which passes /api on): -e BASE_URL=https://shop.example.com */
export const BASE_URL: string = (__ENV.BASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');

export type Profile = 'smoke' | 'load' | 'stress' | 'spike';

export function profile(): Profile {
  const name = __ENV.PROFILE ?? 'smoke';
  if (name === 'smoke' || name === 'load' || name === 'stress' || name === 'spike') {
    return name;
  }
  throw new Error(`PROFILE must be smoke, load, stress or spike, not ${name}`);
}

/**
 * The arrival of virtual users per profile, scaled by -e VUS (the steady number under load).
 * smoke: one user for 30 s, to see that the scenario works; load: the expected traffic for 10
 * minutes; stress: twice that and more until it breaks; spike: from nothing to five times at once.
 */
export function scenario(p: Profile): Scenario {
  const vus = Number(__ENV.VUS ?? '20');
  switch (p) {
    case 'smoke':
      return { executor: 'constant-vus', vus: 1, duration: '30s' };
    case 'load':
      return {
        executor: 'ramping-vus',
        startVUs: 0,
        stages: [
          { duration: '1m', target: vus },
          { duration: '8m', target: vus },
          { duration: '1m', target: 0 },
        ],
      };
    case 'stress':
      return {
        executor: 'ramping-vus',
        startVUs: 0,
        stages: [
          { duration: '2m', target: vus },
          { duration: '3m', target: vus * 2 },
          { duration: '3m', target: vus * 4 },
          { duration: '2m', target: 0 },
        ],
      };
    case 'spike':
      return {
        executor: 'ramping-vus',
        startVUs: 0,
        stages: [
          { duration: '10s', target: vus * 5 },
          { duration: '1m', target: vus * 5 },
          { duration: '10s', target: 0 },
        ],
      };
  }
}

/** Latency objectives per endpoint group, in milliseconds: [p95, p99]. */
export const LATENCY: Record<string, [number, number]> = {
  browse: [300, 800],
  product: [250, 600],
  auth: [600, 1500],
  checkout: [1500, 3000],
  orders: [300, 800],
};

/**
 * k6 options for one scenario: the profile's arrival and the thresholds every scenario shares
 * (fewer than 0.1 % failed requests, more than 99.9 % of checks passing) plus p95 and p99 for each
 * endpoint group (the `endpoint` tag) it calls. A threshold crossed makes k6 exit non-zero.
 */
export function options(groups: string[]): Options {
  const thresholds: Record<string, string[]> = {
    http_req_failed: ['rate<0.001'],
    checks: ['rate>0.999'],
  };
  for (const group of groups) {
    const [p95, p99] = LATENCY[group] ?? [500, 1000];
    thresholds[`http_req_duration{endpoint:${group}}`] = [`p(95)<${p95}`, `p(99)<${p99}`];
  }
  return { scenarios: { [profile()]: scenario(profile()) }, thresholds };
}
