/** Small SVG charts: no chart library, no CDN, readable by screen readers through their tables. */

export interface Point {
  label: string;
  value: number;
}

const W = 560;
const H = 220;
const PAD = { top: 12, right: 12, bottom: 40, left: 48 };

function niceMax(max: number): number {
  if (max <= 0) {
    return 1;
  }
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / magnitude) * magnitude;
}

export function BarChart({ title, points, format = String }: { title: string; points: Point[]; format?: (n: number) => string }) {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const band = points.length ? innerW / points.length : innerW;
  // About 6 px per character at 11 px: longer labels are cut, the full one is in the tooltip and the table.
  const fit = (label: string) => (label.length * 6 > band ? `${label.slice(0, Math.max(3, Math.floor(band / 6) - 1))}…` : label);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {points.length === 0 ? <p className="empty">No data in this period.</p> : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${points.map((p) => `${p.label} ${format(p.value)}`).join(", ")}`}>
          <line x1={PAD.left} y1={PAD.top + innerH} x2={W - PAD.right} y2={PAD.top + innerH} className="axis" />
          <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" className="tick">{format(max)}</text>
          <text x={PAD.left - 6} y={PAD.top + innerH} textAnchor="end" className="tick">0</text>
          {points.map((p, i) => {
            const h = (p.value / max) * innerH;
            const x = PAD.left + i * band + band * 0.15;
            return (
              <g key={p.label + i}>
                <rect x={x} y={PAD.top + innerH - h} width={band * 0.7} height={h} className="bar"><title>{`${p.label}: ${format(p.value)}`}</title></rect>
                {(points.length <= 12 || i % Math.ceil(points.length / 12) === 0) && (
                  <text x={x + band * 0.35} y={H - PAD.bottom + 16} textAnchor="middle" className="tick">{fit(p.label)}</text>
                )}
              </g>
            );
          })}
        </svg>
      )}
      <details>
        <summary>Data</summary>
        <table><tbody>{points.map((p, i) => <tr key={p.label + i}><th scope="row">{p.label}</th><td>{format(p.value)}</td></tr>)}</tbody></table>
      </details>
    </figure>
  );
}
