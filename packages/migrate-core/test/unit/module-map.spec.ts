import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, layerViolations, parseModuleMap, readModuleGraph, type ModuleGraph } from '../support/module-graph.js';

const pkg = join(import.meta.dirname, '..', '..');
const developing = readFileSync(join(pkg, '..', '..', 'docs', 'DEVELOPING.md'), 'utf8');
const graphOf = (edges: Record<string, string[]>): ModuleGraph => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

describe('module map (docs/DEVELOPING.md) and the engine imports', () => {
  const graph = readModuleGraph(join(pkg, 'src'));
  const layers = parseModuleMap(developing);

  it('has no cycle between top-level modules', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('imports only modules of lower layers, and the map names every module', () => {
    expect(layers.length).toBeGreaterThanOrEqual(8);
    expect(layerViolations(graph, layers)).toEqual([]);
  });

  it('finds a planted cycle, and an import that points up', () => {
    const planted = graphOf({ engine: ['repository', 'model'], repository: ['model', 'engine'], model: [], cli: ['engine'] });
    expect(findCycles(planted)).toEqual([['engine', 'repository']]);
    expect(findCycles(graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['d'] }))).toEqual([['a', 'b', 'c']]);
    expect(layerViolations(planted, [['model'], ['repository'], ['engine'], ['cli']])).toEqual(['repository imports engine, which is not below it']);
    expect(layerViolations(graphOf({ extra: [] }), [['model']])).toEqual(['extra is not in the module map']);
  });
});
