import { describe, expect, it } from 'vitest';
import { renderHtmlReport, type ReportService } from '../../src/report/index.js';
import { layoutSchema } from '../../src/report/er-layout.js';
import { escapeHtml, html } from '../../src/report/escape.js';
import type { CanonicalSchema, CanonicalTable } from '../../src/schema/canonical/model.js';

const column = (name: string) => ({ name, type: 'int', notNull: true, default: null, autoIncrement: false, onUpdateNow: false, generated: null });
function table(name: string, refs: Array<[string, string, (string | null)?]> = []): CanonicalTable {
  return {
    name, columns: [column('id'), ...refs.map(([col]) => column(col))], primaryKey: ['id'], indexes: [], checks: [],
    foreignKeys: refs.map(([col, to, schema]) => ({ name: `${name}_${col}_fk`, columns: [col], refSchema: schema ?? null, refTable: to, refColumns: ['id'], onDelete: 'no action', onUpdate: 'no action' })),
  };
}
const schema = (...tables: CanonicalTable[]): CanonicalSchema => ({ tables, views: [] });

const status = (service: string, extra: Record<string, unknown> = {}) => ({
  service, command: 'status', database: service, ledgerTable: '_migrate_core_ledger', current: '20260101000000_a',
  applied: [{ id: '20260101000000_a', checksum: 'sha256:x', appliedAt: '2026-01-01T00:00:00.000Z', durationMs: 3 }], pending: [], dirty: null, issues: [], lockedBy: null, ...extra,
});

describe('escaping', () => {
  it('escapes every interpolated value, keeps built markup, drops null and false', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"><script>'}">${inner}${[html`<br>`, '<br>']}${null}${false}${0}</p>`.text)
      .toBe('<p title="&quot;&gt;&lt;script&gt;"><b>&lt;i&gt;</b><br>&lt;br&gt;0</p>');
  });
});

describe('ER layout', () => {
  it('puts referenced tables left of the tables that point at them, and draws one edge per foreign key', () => {
    const layout = layoutSchema(schema(table('customers'), table('order_items', [['order_id', 'orders'], ['product_id', 'products']]), table('orders', [['customer_id', 'customers']]), table('products')));
    const x = Object.fromEntries(layout.tables.map((box) => [box.name, box.x]));
    expect(x.customers).toBe(x.products);
    expect(x.orders).toBeGreaterThan(x.customers!);
    expect(x.order_items).toBeGreaterThan(x.orders!);
    expect(layout.edges.map((edge) => `${edge.from.table}.${edge.from.column}->${edge.to.table}.${edge.to.column}`).sort())
      .toEqual(['order_items.order_id->orders.id', 'order_items.product_id->products.id', 'orders.customer_id->customers.id']);
    for (const edge of layout.edges) expect(edge.from.x).toBeGreaterThan(edge.to.x);
    expect(layout.width).toBeGreaterThanOrEqual(Math.max(...layout.tables.map((box) => box.x + box.width)));
    expect(layout.height).toBeGreaterThanOrEqual(Math.max(...layout.tables.map((box) => box.y + box.height)));
    expect(layoutSchema(schema(table('customers'), table('order_items', [['order_id', 'orders'], ['product_id', 'products']]), table('orders', [['customer_id', 'customers']]), table('products')))).toEqual(layout);
  });

  it('survives cycles and self references (loops), and shows a key into another database on its row, not as an edge', () => {
    const layout = layoutSchema(schema(table('a', [['b_id', 'b']]), table('b', [['a_id', 'a']]), table('tree', [['parent_id', 'tree']]), table('local', [['user_id', 'users', 'auth']])));
    expect(layout.tables).toHaveLength(4);
    expect(layout.edges.find((edge) => edge.from.table === 'tree')).toMatchObject({ loop: true, to: { table: 'tree' } });
    expect(layout.edges.some((edge) => edge.to.table === 'users')).toBe(false);
    expect(layout.tables.find((box) => box.name === 'local')!.rows.find((row) => row.name === 'user_id')).toMatchObject({ key: 'FK', external: 'auth.users' });
    const boxes = layout.tables;
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
  });
});

describe('renderHtmlReport', () => {
  const services: ReportService[] = [
    { name: 'first', server: 'mysql://app@db:3306/first', document: status('first'), schema: { after: '20260101000000_a', tables: schema(table('<t>'), table('child', [['t_id', '<t>']])) } },
    { name: 'tenants', server: 'mysql://app@db:3306', schema: null, document: {
      service: 'tenants', databases: [{ database: 'acme', current: 'x', pending: 0, dirty: null }, { database: 'globex', current: null, pending: [{ id: 'y' }], dirty: null }, { database: '<evil>', current: null, pending: 0, dirty: null, error: 'Access denied <b>' }],
      summary: { total: 3, upToDate: 1, pending: 1, dirty: 0, failed: 1, unreachable: 0 } } },
    { name: 'dirty', server: null, schema: { problem: 'no snapshot' }, document: status('dirty', { dirty: { id: '20260102000000_b', direction: 'up', statement: 2, statements: 3, error: 'boom', state: 'failed' } }) },
  ];
  const page = renderHtmlReport({ generatedAt: '2026-01-02T03:04:05.678Z', workspace: 'ws', services });

  it('has a card per service with its state, a fleet as one card with its members, and escapes every name', () => {
    expect([...page.matchAll(/<section class="card (\S+)" id="service-\d" data-service="([^"]+)"/g)].map((m) => [m[2], m[1]]))
      .toEqual([['first', 'up-to-date'], ['tenants', 'error'], ['dirty', 'dirty']]);
    expect(page).toContain('<span class="badge fleet">fleet</span>');
    expect(page).toContain('<td>&lt;evil&gt;</td>');
    expect(page).toContain('Access denied &lt;b&gt;');
    expect(page).toContain('data-table="&lt;t&gt;"');
    expect(page).not.toMatch(/<(t|evil|b)>/);
    expect(page).toContain('<li class="mark dirty" data-migration="20260102000000_b">');
    expect(page).toContain('No diagram: no snapshot.');
    expect(page).toContain('2026-01-02 03:04:05Z');
  });

  it('references nothing outside itself and allows no script', () => {
    expect(page).not.toMatch(/<(script|link|img|iframe)\b|\s(src|href)="(?!#)/);
    expect(page).toContain('default-src &#39;none&#39;');
    expect(page).toContain('font: 12px ui-monospace, "DejaVu Sans Mono", monospace;');
  });
});
