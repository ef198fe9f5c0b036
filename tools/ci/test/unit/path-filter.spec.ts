import { describe, expect, it } from 'vitest';
import { compilePathFilter, globToRegExp, pathsMatch } from '../../src/path-filter.mjs';

describe('globToRegExp (GitHub filter patterns)', () => {
  it.each([
    ['services/second/**', 'services/second/src/schema.ts', true],
    ['services/second/**', 'services/second/migrations/20261124190000_x/up.sql', true],
    ['services/second/**', 'services/second-api/src/schema.ts', false],
    ['services/second/**', 'services/secondary/package.json', false],
    ['services/second/**', 'services/first/src/schema.ts', false],
    ['package.json', 'package.json', true],
    ['package.json', 'services/first/package.json', false],
    ['*.json', 'nx.json', true],
    ['*.json', 'services/first/package.json', false],
    ['**/*.json', 'services/first/package.json', true],
    ['**/*.json', 'nx.json', true],
    ['services/*/src/**', 'services/first/src/a/b.ts', true],
    ['services/*/src/**', 'services/first/migrations/x', false],
    ['docs/**/README.md', 'docs/README.md', true],
    ['docs/?.md', 'docs/a.md', true],
    ['docs/?.md', 'docs/ab.md', false],
    ['v[12].txt', 'v2.txt', true],
    ['v[12].txt', 'v3.txt', false],
    ['.github/workflows/migrate-second.yml', '.github/workflows/migrate-second.yml', true],
    ['.github/workflows/migrate-second.yml', '.github/workflows/migrate-secondXyml', false],
  ])('%s vs %s -> %s', (glob, file, expected) => {
    expect(globToRegExp(glob).test(file)).toBe(expected);
  });
});

describe('compilePathFilter', () => {
  it('lets a later !pattern exclude, and a later pattern include again', () => {
    const filter = compilePathFilter(['services/**', '!services/**/*.md', 'services/first/README.md']);
    expect(filter('services/second/src/schema.ts')).toBe(true);
    expect(filter('services/second/README.md')).toBe(false);
    expect(filter('services/first/README.md')).toBe(true);
    expect(filter('packages/x.ts')).toBe(false);
  });

  it('runs a workflow when any changed file matches', () => {
    expect(pathsMatch(['services/second/**'], ['README.md', 'services/second/src/schema.ts'])).toBe(true);
    expect(pathsMatch(['services/second/**'], ['README.md'])).toBe(false);
    expect(pathsMatch(['services/second/**'], [])).toBe(false);
  });
});
