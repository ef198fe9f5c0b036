import { tokenize } from '../tokens.js';

/**
 * Orders views so that a view comes after the views it reads (found by name in its definition); views that
 * cannot be ordered (a name mentioned both ways) keep their place at the end.
 */
export function orderViews<T extends { name: string; definition: string }>(views: readonly T[]): T[] {
  const names = new Set(views.map((view) => view.name));
  const uses = new Map(views.map((view) => [view.name, new Set(tokenize(view.definition)
    .filter((token) => (token.kind === 'ident' || token.kind === 'word') && token.value !== view.name)
    .map((token) => (token.kind === 'ident' ? token.value : token.text))
    .filter((name) => names.has(name)))]));
  const done = new Set<string>();
  const out: T[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const view of views) {
      if (done.has(view.name) || ![...uses.get(view.name)!].every((dep) => done.has(dep))) continue;
      done.add(view.name);
      out.push(view);
      progress = true;
    }
  }
  return [...out, ...views.filter((view) => !done.has(view.name))];
}
