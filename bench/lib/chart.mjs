// A hand-written SVG: one panel per suite, grouped bars (median) with min-max whiskers.

const COLORS = {
  'migrate-core': '#2563eb', compare: '#0891b2', floor: '#d1d5db', 'node-mysql2': '#e5e7eb', client: '#9ca3af', drizzle: '#16a34a', alembic: '#f59e0b',
  loop: '#93c5fd', all: '#2563eb', 'compare-all': '#0891b2', nx: '#7c3aed', rss: '#2563eb',
};
const PANEL = { width: 560, height: 340, top: 48, bottom: 62, left: 64, right: 16 };
/** Approximate width of a character of the 11px legend font, to lay the legend out in rows. */
const CHAR_WIDTH = 6.1;

/** @param {string} text */
const esc = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round axis maximum: 1, 2 or 5 times a power of ten, above `max`. @param {number} max */
function niceMax(max) {
  const power = 10 ** Math.floor(Math.log10(max || 1));
  return ([1, 2, 5, 10].map((m) => m * power).find((v) => v >= max) ?? 10 * power);
}

/**
 * @typedef {object} Panel
 * @property {string} title
 * @property {string} unit
 * @property {Array<{ id: string, label: string }>} series
 * @property {Array<{ label: string, values: Record<string, { median: number, min?: number, max?: number } | undefined> }>} groups
 */

/** @param {Panel} panel @param {number} x0 @param {number} y0 */
function drawPanel(panel, x0, y0) {
  const { width, height, top, bottom, left, right } = PANEL;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const all = panel.groups.flatMap((g) => Object.values(g.values).filter(Boolean).map((v) => /** @type {any} */ (v).max ?? /** @type {any} */ (v).median));
  const yMax = niceMax(Math.max(...all, 1));
  const y = (/** @type {number} */ v) => y0 + top + plotH - (v / yMax) * plotH;
  const out = [`<text x="${x0 + left}" y="${y0 + 20}" class="title">${esc(panel.title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    out.push(`<line x1="${x0 + left}" x2="${x0 + width - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`,
      `<text x="${x0 + left - 6}" y="${y(v) + 4}" class="tick" text-anchor="end">${Math.round(v * 100) / 100}</text>`);
  }
  out.push(`<text x="${x0 + 14}" y="${y0 + top + plotH / 2}" class="tick" transform="rotate(-90 ${x0 + 14} ${y0 + top + plotH / 2})" text-anchor="middle">${esc(panel.unit)}</text>`);
  const groupW = plotW / panel.groups.length;
  const barW = Math.min(36, (groupW * 0.8) / panel.series.length);
  panel.groups.forEach((group, gi) => {
    const start = x0 + left + gi * groupW + (groupW - barW * panel.series.length) / 2;
    panel.series.forEach((s, si) => {
      const v = group.values[s.id];
      if (!v) return;
      const bx = start + si * barW;
      const color = COLORS[/** @type {keyof typeof COLORS} */ (s.id)] ?? '#555';
      out.push(`<rect x="${bx + 1}" y="${y(v.median)}" width="${barW - 2}" height="${y(0) - y(v.median)}" fill="${color}"><title>${esc(`${s.label}: ${v.median}`)}</title></rect>`);
      if (v.min !== undefined && v.max !== undefined) {
        const cx = bx + barW / 2;
        out.push(`<line x1="${cx}" x2="${cx}" y1="${y(v.min)}" y2="${y(v.max)}" class="whisker"/>`);
      }
      out.push(`<text x="${bx + barW / 2}" y="${y(v.median) - 4}" class="value" text-anchor="middle">${Math.round(v.median)}</text>`);
    });
    out.push(`<text x="${x0 + left + gi * groupW + groupW / 2}" y="${y(0) + 16}" class="tick" text-anchor="middle">${esc(group.label)}</text>`);
  });
  // The legend flows left to right under the axis and wraps when a label would overflow the panel.
  let lx = x0 + left;
  let ly = y0 + height - 36;
  for (const s of panel.series) {
    const w = 18 + s.label.length * CHAR_WIDTH + 14;
    if (lx + w > x0 + width - right && lx > x0 + left) {
      lx = x0 + left;
      ly += 16;
    }
    const color = COLORS[/** @type {keyof typeof COLORS} */ (s.id)] ?? '#555';
    out.push(`<rect x="${lx}" y="${ly}" width="10" height="10" fill="${color}"/>`,
      `<text x="${lx + 14}" y="${ly + 9}" class="legend">${esc(s.label)}</text>`);
    lx += w;
  }
  return out.join('\n');
}

/**
 * @param {{ title: string, subtitle: string, panels: Panel[] }} chart
 * @returns {string} the SVG document
 */
export function renderChart({ title, subtitle, panels }) {
  const columns = 2;
  const rows = Math.ceil(panels.length / columns);
  const width = PANEL.width * columns + 20;
  const height = 64 + rows * (PANEL.height + 16);
  const body = panels.map((panel, i) => drawPanel(panel, 10 + (i % columns) * PANEL.width, 64 + Math.floor(i / columns) * (PANEL.height + 16)));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">
<style>
.title { font-size: 14px; font-weight: 600; fill: #111; }
.head { font-size: 18px; font-weight: 700; fill: #111; }
.sub, .tick, .legend { font-size: 11px; fill: #444; }
.value { font-size: 10px; fill: #222; }
.grid { stroke: #e5e7eb; stroke-width: 1; }
.whisker { stroke: #111; stroke-width: 1.2; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="28" class="head">${esc(title)}</text>
<text x="20" y="48" class="sub">${esc(subtitle)}</text>
${body.join('\n')}
</svg>
`;
}

/**
 * The panels of one profile's results (each timing suite, and memory), titled with the profile.
 * @param {{ apply?: any, status?: any, services?: any, memory?: any, fleet?: any }} results
 * @param {string} profile e.g. `durable`
 * @returns {Panel[]}
 */
export function panelsOf(results, profile) {
  /** @type {Panel[]} */
  const panels = [];
  const timing = (/** @type {any} */ suite, /** @type {string} */ title) => ({
    title: `${profile}: ${title}`, unit: 'ms (median, whiskers min-max)',
    series: suite.contenders.filter((/** @type {any} */ c) => !c.skip).map((/** @type {any} */ c) => ({ id: c.id, label: c.label })),
    groups: suite.rows.map((/** @type {any} */ row) => ({ label: row.key, values: row.results })),
  });
  if (results.apply) panels.push(timing(results.apply, 'Apply N one-table migrations (fresh database)'));
  if (results.status) panels.push(timing(results.status, 'Status of an up-to-date database'));
  if (results.services) panels.push(timing(results.services, results.services.title));
  if (results.fleet) panels.push(timing(results.fleet, 'A fleet of tenant databases: a fleet command vs a loop of CLI runs'));
  if (results.memory) {
    panels.push({
      title: `${profile}: ${results.memory.title}`, unit: 'MiB',
      series: [{ id: 'rss', label: 'peak RSS (median)' }],
      groups: results.memory.rows.map((/** @type {any} */ row) => ({
        label: row.key, values: { rss: { median: row.peakRssMiB, min: Math.min(...row.peakRssSamples), max: Math.max(...row.peakRssSamples) } },
      })),
    });
  }
  return panels;
}
