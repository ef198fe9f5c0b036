// Pure geometry of an ER diagram: tables as boxes in columns by foreign-key depth (referenced tables to the left
// of the tables that point at them), foreign keys as edges from a column's row to the referenced column's row.
import type { CanonicalSchema, CanonicalTable } from '../schema/canonical/model.js';

export const ROW = 18;
export const HEADER = 24;
export const CHAR = 7.2;
const PAD = 10;
const GAP_X = 70;
const GAP_Y = 26;
const MARGIN = 12;

export interface RowBox {
  readonly name: string;
  readonly type: string;
  readonly key: 'PK' | 'FK' | 'PK FK' | '';
  readonly notNull: boolean;
  /** For a foreign key column into another database: `db.table`. */
  readonly external?: string;
}

export interface TableBox {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly rows: readonly RowBox[];
}

export interface Edge {
  readonly name: string;
  readonly from: { readonly table: string; readonly column: string; readonly x: number; readonly y: number };
  readonly to: { readonly table: string; readonly column: string; readonly x: number; readonly y: number };
  /** A table pointing at itself, or at a table in its own column (a cycle): drawn as a loop on the right. */
  readonly loop: boolean;
}

export interface ErLayout {
  readonly width: number;
  readonly height: number;
  readonly tables: readonly TableBox[];
  readonly edges: readonly Edge[];
}

/** Foreign-key depth: 0 for a table that references no other table here, else one more than what it references. */
function depths(schema: CanonicalSchema): Map<string, number> {
  const byName = new Map(schema.tables.map((table) => [table.name, table]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (table: CanonicalTable): number => {
    const known = depth.get(table.name);
    if (known !== undefined) return known;
    if (visiting.has(table.name)) return 0; // a cycle: broken here
    visiting.add(table.name);
    const parents = table.foreignKeys.filter((fk) => fk.refSchema === null && fk.refTable !== table.name).map((fk) => byName.get(fk.refTable));
    const found = Math.max(-1, ...parents.map((parent) => (parent === undefined ? -1 : visit(parent)))) + 1;
    visiting.delete(table.name);
    depth.set(table.name, found);
    return found;
  };
  for (const table of schema.tables) visit(table);
  return depth;
}

function rowsOf(table: CanonicalTable): RowBox[] {
  const primary = new Set(table.primaryKey ?? []);
  const foreign = new Map(table.foreignKeys.flatMap((fk) => fk.columns.map((column) => [column, fk] as const)));
  return table.columns.map((column) => {
    const fk = foreign.get(column.name);
    const key = primary.has(column.name) && fk ? 'PK FK' : primary.has(column.name) ? 'PK' : fk ? 'FK' : '';
    return { name: column.name, type: column.type, key, notNull: column.notNull, ...(fk?.refSchema ? { external: `${fk.refSchema}.${fk.refTable}` } : {}) };
  });
}

const widthOf = (table: CanonicalTable, rows: readonly RowBox[]) =>
  Math.ceil(Math.max(table.name.length * CHAR + 2 * PAD, ...rows.map((row) => (row.key.length + row.name.length + row.type.length + 4) * CHAR + 2 * PAD)));

/** Lays out `schema`: deterministic, so the same schema always draws the same picture. */
export function layoutSchema(schema: CanonicalSchema): ErLayout {
  const depth = depths(schema);
  const columns: CanonicalTable[][] = [];
  for (const table of schema.tables) (columns[depth.get(table.name)!] ??= []).push(table);
  const boxes = new Map<string, TableBox>();
  let x = MARGIN;
  let height = 0;
  for (const column of columns.filter(Boolean)) {
    // Order a column by where the tables it references sit, so edges cross less; then by name.
    const anchor = (table: CanonicalTable) => {
      const ys = table.foreignKeys.map((fk) => boxes.get(fk.refTable)?.y).filter((y): y is number => y !== undefined);
      return ys.length === 0 ? Number.MAX_SAFE_INTEGER : ys.reduce((a, b) => a + b, 0) / ys.length;
    };
    const ordered = [...column].sort((a, b) => anchor(a) - anchor(b) || (a.name < b.name ? -1 : 1));
    let y = MARGIN;
    let width = 0;
    for (const table of ordered) {
      const rows = rowsOf(table);
      const box: TableBox = { name: table.name, x, y, width: widthOf(table, rows), height: HEADER + Math.max(1, rows.length) * ROW + 4, rows };
      boxes.set(table.name, box);
      y += box.height + GAP_Y;
      width = Math.max(width, box.width);
    }
    x += width + GAP_X;
    height = Math.max(height, y - GAP_Y + MARGIN);
  }
  return { width: Math.max(x - GAP_X + MARGIN, 2 * MARGIN), height: Math.max(height, 2 * MARGIN), tables: [...boxes.values()], edges: edgesOf(schema, boxes) };
}

const rowY = (box: TableBox, column: string) => {
  const index = box.rows.findIndex((row) => row.name === column);
  return index === -1 ? box.y + HEADER / 2 : box.y + HEADER + index * ROW + ROW / 2;
};

function edgesOf(schema: CanonicalSchema, boxes: ReadonlyMap<string, TableBox>): Edge[] {
  const edges: Edge[] = [];
  for (const table of schema.tables) {
    const from = boxes.get(table.name)!;
    for (const fk of table.foreignKeys) {
      const to = fk.refSchema === null ? boxes.get(fk.refTable) : undefined;
      if (to === undefined) continue; // another database's table: shown on the column row, not as an edge
      const loop = to.x === from.x;
      const fromColumn = fk.columns[0] ?? '';
      const toColumn = fk.refColumns[0] ?? '';
      edges.push({
        name: fk.name,
        from: { table: table.name, column: fromColumn, x: loop ? from.x + from.width : from.x, y: rowY(from, fromColumn) },
        to: { table: to.name, column: toColumn, x: to.x + to.width, y: rowY(to, toColumn) },
        loop,
      });
    }
  }
  return edges;
}
