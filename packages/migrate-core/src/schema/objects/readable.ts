/**
 * Splits catalog rows into the objects they describe and the names of those whose definition the user may not
 * read (information_schema then shows NULL).
 */
export function readableRows<R, T>(rows: readonly R[], definition: (row: R) => string | null, name: (row: R) => string, read: (row: R, definition: string) => T): { objects: T[]; unreadable: string[] } {
  const objects: T[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    const text = definition(row);
    if (text === null || text === '') unreadable.push(name(row));
    else objects.push(read(row, text));
  }
  return { objects, unreadable };
}
