// The lint codes `check` reports and the levels migrate.config.json may give them. The rules themselves are in
// src/check/lint; the codes live here so that the config can validate `"lint": { "<CODE>": "<level>" }`.

/** Hazards a migration may have that a run on an empty shadow database cannot show. */
export const LINT_CODES = [
  'NOT_NULL_NO_DEFAULT',
  'NEW_UNIQUE',
  'NARROW_TYPE',
  'DROP_COLUMN',
  'DROP_TABLE',
  'TABLE_COPY',
  'NO_PRIMARY_KEY',
] as const;
export type LintCode = (typeof LINT_CODES)[number];

/** `error` fails `check`, `warn` (the default) reports without failing, `off` is silent. */
export const LINT_LEVELS = ['error', 'warn', 'off'] as const;
export type LintLevel = (typeof LINT_LEVELS)[number];

/** The server family a service's migrations are written for: decides spellings and which rules apply. */
export const SERVER_FAMILIES = ['mariadb', 'mysql'] as const;
export type ServerFamily = (typeof SERVER_FAMILIES)[number];
export const DEFAULT_SERVER_FAMILY: ServerFamily = 'mariadb';

export const isLintCode = (value: string): value is LintCode => (LINT_CODES as readonly string[]).includes(value);
export const isLintLevel = (value: unknown): value is LintLevel => (LINT_LEVELS as readonly unknown[]).includes(value);
export const isServerFamily = (value: unknown): value is ServerFamily => (SERVER_FAMILIES as readonly unknown[]).includes(value);
