// The engine's module graph, read from its sources: which top-level module imports which. A module is a folder
// directly under src/ (`engine`, `repository`, ...) or a file there (`model`, `errors`, ...).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export type ModuleGraph = ReadonlyMap<string, ReadonlySet<string>>;

/** `import ... from '...'`, `export ... from '...'`, `import('...')`, type-only imports included. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** `engine` for src/engine/executor.ts, `model` for src/model.ts. */
export function moduleOf(src: string, file: string): string {
  const [first] = relative(src, file).split(sep);
  return first!.replace(/\.ts$/, '');
}

/** Every module and the other modules it imports. */
export function readModuleGraph(src: string): ModuleGraph {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(src)) {
    const from = moduleOf(src, file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = moduleOf(src, resolve(dirname(file), match[1]!).replace(/\.js$/, '.ts'));
      if (target !== from && !target.startsWith('..')) edges.add(target);
    }
  }
  return graph;
}

/** Cycles between modules (strongly connected components of more than one module), each sorted. */
export function findCycles(graph: ModuleGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The layers of a module map, lowest first: lines `<layer>: <module> <module> ...` of a fenced block. */
export function parseModuleMap(markdown: string, heading = '## Module map'): string[][] {
  const section = markdown.slice(markdown.indexOf(heading));
  const block = /```[^\n]*\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean)
    .map((line) => line.slice(line.indexOf(':') + 1).trim().split(/\s+/));
}

/** Imports that point to a module of the same or a higher layer, and modules the map does not name. */
export function layerViolations(graph: ModuleGraph, layers: readonly (readonly string[])[]): string[] {
  const layerOf = new Map(layers.flatMap((modules, i) => modules.map((name) => [name, i] as const)));
  const problems: string[] = [];
  for (const [from, targets] of graph) {
    const own = layerOf.get(from);
    if (own === undefined) {
      problems.push(`${from} is not in the module map`);
      continue;
    }
    for (const target of targets) {
      const theirs = layerOf.get(target);
      if (theirs !== undefined && theirs >= own) problems.push(`${from} imports ${target}, which is not below it`);
    }
  }
  return problems.sort();
}
