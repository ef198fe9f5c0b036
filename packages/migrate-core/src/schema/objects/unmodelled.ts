// What a database has that the model does not keep, with the reason: listed, never left out silently.

/** Something a database has that the model does not keep (so adopt cannot write it and drift cannot compare it). */
export interface Unmodelled {
  /** e.g. `table option`, `column`, `trigger`, `table`. */
  readonly kind: string;
  /** e.g. `film_text (stats_persistent=0)`. */
  readonly name: string;
  readonly reason: string;
}

/**
 * One line per kind and reason: `table option users (stats_persistent=0): <reason>`, or for several
 * `connection collation (16): view a (...), view b (...), ... (11 more): <reason>`.
 */
export function describeUnmodelled(items: readonly Unmodelled[]): string[] {
  const groups = new Map<string, Unmodelled[]>();
  for (const item of items) groups.set(`${item.kind}\0${item.reason}`, [...(groups.get(`${item.kind}\0${item.reason}`) ?? []), item]);
  return [...groups.values()].map((group) => {
    const names = group.map((item) => item.name);
    const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')}, ... (${names.length - 5} more)` : names.join(', ');
    return group.length === 1 ? `${group[0]!.kind} ${shown}: ${group[0]!.reason}` : `${group[0]!.kind} (${group.length}): ${shown}: ${group[0]!.reason}`;
  });
}
