// Browse and search: the category tree, then searches with the filters and sorts the web app offers.
import { sleep } from 'k6';
import { categories, search } from '../lib/api.ts';
import { options as shared } from '../lib/config.ts';

export const options = shared(['browse']);

const QUERIES: Record<string, string>[] = [
  { q: 'chair' },
  { q: 'walnt chair' },
  { q: 'lamp', sort: 'price_asc' },
  { inStock: 'true', sort: 'newest' },
  { minPrice: '10.00', maxPrice: '200.00', sort: 'price_desc' },
  { q: 'desk', inStock: 'true' },
];

export default function browse(): void {
  categories();
  const query = QUERIES[Math.floor(Math.random() * QUERIES.length)]!;
  search({ ...query, size: '24' });
  sleep(1);
}
