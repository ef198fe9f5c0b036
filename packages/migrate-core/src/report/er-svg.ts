// An ER diagram as inline SVG (no script, no font, no image): boxes and edges from er-layout, every name escaped.
import type { CanonicalSchema } from '../schema/canonical/model.js';
import { CHAR, HEADER, layoutSchema, ROW, type Edge, type TableBox } from './er-layout.js';
import { html, type Html } from './escape.js';

function edgePath(edge: Edge): string {
  const { from, to } = edge;
  if (edge.loop) {
    const reach = 28 + Math.abs(from.y - to.y) / 8;
    return `M${from.x} ${from.y} C${from.x + reach} ${from.y} ${to.x + reach} ${to.y} ${to.x} ${to.y}`;
  }
  const bend = Math.max(30, (from.x - to.x) / 2);
  return `M${from.x} ${from.y} C${from.x - bend} ${from.y} ${to.x + bend} ${to.y} ${to.x} ${to.y}`;
}

/** Outside the html`` text: the CLI bundle is ASCII only, and a tagged template's own text cannot be escaped. */
const ARROW = '→';

function tableSvg(box: TableBox): Html {
  const rows = box.rows.map((row, i) => {
    const y = box.y + HEADER + i * ROW + 13;
    const keyWidth = row.key === '' ? 0 : (row.key.length + 1) * CHAR;
    const tip = `${row.name} ${row.type}${row.notNull ? ' not null' : ''}${row.external ? ` -> ${row.external} (another database)` : ''}`;
    const classes = ['er-column', ...(row.key.includes('PK') ? ['pk'] : []), ...(row.key.includes('FK') ? ['fk'] : [])].join(' ');
    const key = row.key === '' ? '' : html`<text x="${box.x + 8}" y="${y}" class="er-key">${row.key}</text>`;
    return html`<g class="${classes}" data-column="${row.name}"><title>${tip}</title>${key}<text x="${box.x + 8 + keyWidth}" y="${y}" class="er-name">${row.name}</text><text x="${box.x + box.width - 8}" y="${y}" class="er-type" text-anchor="end">${row.external ? `→ ${row.external}` : row.type}</text></g>`;
  });
  return html`<g class="er-table" data-table="${box.name}"><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="4" class="er-box"/><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${HEADER}" rx="4" class="er-head"/><text x="${box.x + 8}" y="${box.y + 16}" class="er-title">${box.name}</text>${rows}</g>`;
}

/** The diagram of `schema`, labelled for screen readers; `id` keeps its arrow marker apart from other diagrams' on the page. */
export function erDiagram(schema: CanonicalSchema, label: string, id: string): Html {
  if (schema.tables.length === 0) return html`<p class="muted">No tables yet.</p>`;
  const layout = layoutSchema(schema);
  const edges = layout.edges.map((edge) =>
    html`<path d="${edgePath(edge)}" class="er-edge" marker-end="url(#${id}-arrow)" data-from="${edge.from.table}.${edge.from.column}" data-to="${edge.to.table}.${edge.to.column}"><title>${edge.name}: ${edge.from.table}.${edge.from.column} ${ARROW} ${edge.to.table}.${edge.to.column}</title></path>`);
  const arrow = html`<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="er-arrow"/></marker></defs>`;
  return html`<svg class="er" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${label}">${arrow}${layout.tables.map(tableSvg)}${edges}</svg>`;
}
