// What crosses between the caller and the drizzle-kit worker: requests, answers and errors, as JSON text.
import type { ServiceContext } from '../../config/load.js';
import { ConfigError, MigrateError, UsageError, type MigrateErrorCode } from '../../errors.js';
import type { KitSnapshot } from './kit-snapshot.js';

export interface SchemaOptions {
  /** A schema without tables gives an empty snapshot instead of a GENERATE error. */
  readonly allowNoTables?: boolean;
  /** TypeScript source to load instead of the service's schema file (it is never written anywhere). */
  readonly source?: { readonly code: string; readonly description: string };
}

export interface SchemaSnapshot {
  readonly snapshot: KitSnapshot;
  /** What was left out or rewritten, for information. */
  readonly notes: readonly string[];
  /** Foreign keys left out of the DDL. */
  readonly warnings: readonly string[];
}

export type KitRequest =
  | { readonly id: number; readonly op: 'schema'; readonly service: ServiceContext; readonly options: SchemaOptions }
  | { readonly id: number; readonly op: 'diff'; readonly from: KitSnapshot; readonly to: KitSnapshot };

/** A request before the caller numbers it. */
export type KitRequestBody = KitRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** An error as data: a MigrateError keeps its code, hint and problems; anything else its message and stack. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: MigrateErrorCode;
  readonly hint?: string;
  readonly problems?: readonly string[];
  readonly stack?: string;
}

export type KitAnswer =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData };

/** Text as drizzle-kit printed it, without its colours. */
export const withoutColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

export function toErrorData(error: unknown): ErrorData {
  if (error instanceof ConfigError) return { name: error.name, message: error.message, code: error.code, problems: error.problems, ...(error.hint ? { hint: error.hint } : {}) };
  if (error instanceof MigrateError) return { name: error.name, message: error.message, code: error.code, ...(error.hint ? { hint: error.hint } : {}) };
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

/** The error the worker reported, as the caller would have thrown it in-process. */
export function fromErrorData(data: ErrorData): Error {
  if (data.name === 'ConfigError' && data.problems) return new ConfigError(data.problems, data.hint);
  if (data.name === 'UsageError') return new UsageError(data.message, data.hint);
  if (data.code !== undefined) return new MigrateError(data.code, data.message, data.hint === undefined ? {} : { hint: data.hint });
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}
