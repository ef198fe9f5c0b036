import type { CanonicalForeignKey, CanonicalTable } from '../schema/canonical/model.js';

export interface TableOrder {
  /** Referenced tables before the tables that reference them; ties by name. */
  readonly order: readonly string[];
  /** Foreign keys inside reference cycles: they must be dropped before their tables can be. */
  readonly cyclic: ReadonlyArray<{ readonly table: string; readonly key: CanonicalForeignKey }>;
}

/**
 * Orders tables by their foreign keys (Kahn's algorithm): every table comes after the tables it references.
 * Self-references and keys into other databases do not count. Tables left in cycles come last, by name.
 */
export function orderByDependencies(tables: readonly CanonicalTable[]): TableOrder {
  const names = new Set(tables.map((table) => table.name));
  const needs = new Map<string, Set<string>>();
  for (const table of tables) {
    needs.set(table.name, new Set(table.foreignKeys
      .filter((fk) => fk.refSchema === null && fk.refTable !== table.name && names.has(fk.refTable))
      .map((fk) => fk.refTable)));
  }
  const order: string[] = [];
  const done = new Set<string>();
  for (;;) {
    const ready = [...needs].filter(([name, deps]) => !done.has(name) && [...deps].every((dep) => done.has(dep))).map(([name]) => name).sort();
    if (ready.length === 0) break;
    order.push(ready[0]!);
    done.add(ready[0]!);
  }
  const left = [...names].filter((name) => !done.has(name)).sort();
  const inCycle = new Set(left);
  const cyclic = tables.filter((table) => inCycle.has(table.name)).flatMap((table) => table.foreignKeys
    .filter((fk) => fk.refSchema === null && fk.refTable !== table.name && inCycle.has(fk.refTable))
    .map((key) => ({ table: table.name, key })));
  return { order: [...order, ...left], cyclic };
}
