import { useState } from "react";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { formatMoney, toUnits } from "../lib/money";
import { Loaded } from "../components/Status";
import { BarChart, type Point } from "../components/Charts";

const RANGES = { "24h": [1, "hour"], "7d": [7, "day"], "30d": [30, "day"] } as const;

export function Dashboard() {
  const [range, setRange] = useState<keyof typeof RANGES>("7d");
  const dashboard = useLoad(() => {
    const [days, interval] = RANGES[range];
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    return unwrap(api.GET("/api/v1/analytics/dashboard", { params: { query: { from: from.toISOString(), to: to.toISOString(), interval } } }));
  }, [range]);
  const names = useLoad(async () => {
    const ids = [...new Set([...(dashboard.data?.topSelling ?? []), ...(dashboard.data?.topViewed ?? [])].map((p) => p.productId ?? ""))].filter(Boolean);
    const entries = await Promise.all(ids.slice(0, 20).map((id) => unwrap(api.GET("/api/v1/products/{id}", { params: { path: { id } } }))
      .then((p) => [id, p.name ?? id] as const, () => [id, id.slice(0, 8)] as const)));
    return Object.fromEntries(entries) as Record<string, string>;
  }, [dashboard.data]);

  return (
    <section className="dashboard">
      <h1>Dashboard</h1>
      <label>Period
        <select value={range} onChange={(e) => setRange(e.target.value as keyof typeof RANGES)}>
          <option value="24h">Last 24 hours</option><option value="7d">Last 7 days</option><option value="30d">Last 30 days</option>
        </select>
      </label>
      <Loaded state={dashboard} label="Loading the dashboard">
        {(d) => {
          const label = (bucket?: string) => (bucket ?? "").slice(range === "24h" ? 11 : 5, range === "24h" ? 16 : 10);
          const byBucket = new Map<string, number>();
          (d.eventsByType ?? []).forEach((e) => byBucket.set(e.bucket ?? "", (byBucket.get(e.bucket ?? "") ?? 0) + (e.count ?? 0)));
          const events: Point[] = [...byBucket.entries()].sort().map(([b, v]) => ({ label: label(b), value: v }));
          const currency = d.revenue?.[0]?.amount?.currency ?? "USD";
          const revenue: Point[] = (d.revenue ?? []).map((r) => ({ label: label(r.bucket), value: Number(toUnits(r.amount?.amount ?? "0")) / 10_000 }));
          const funnel: Point[] = (d.funnel ?? []).map((f) => ({ label: (f.step ?? "").replaceAll("_", " "), value: f.sessions ?? 0 }));
          const top: Point[] = (d.topSelling ?? []).slice(0, 8).map((p) => ({ label: names.data?.[p.productId ?? ""] ?? (p.productId ?? "").slice(0, 8), value: p.count ?? 0 }));
          const viewed: Point[] = (d.topViewed ?? []).slice(0, 8).map((p) => ({ label: names.data?.[p.productId ?? ""] ?? (p.productId ?? "").slice(0, 8), value: p.count ?? 0 }));
          return (
            <div className="charts">
              <BarChart title="Events over time" points={events} />
              <BarChart title="Funnel (sessions)" points={funnel} />
              <BarChart title={`Net revenue (${currency})`} points={revenue} format={(n) => formatMoney({ amount: n.toFixed(2), currency })} />
              <BarChart title="Top selling products (units)" points={top} />
              <BarChart title="Most viewed products" points={viewed} />
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}
