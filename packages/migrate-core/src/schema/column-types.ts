// Pure: does changing a column from one MySQL type to another risk its data (narrowing)? Conservative: a
// change it cannot prove safe counts as narrowing, so that a person looks at it.

type Family = 'int' | 'string' | 'binary' | 'decimal' | 'float' | 'time' | 'enum' | 'set' | 'bit' | 'other';

interface ParsedType {
  readonly family: Family;
  readonly base: string;
  readonly args: readonly number[];
  readonly values: readonly string[];
  readonly unsigned: boolean;
}

const INT_RANK: Record<string, number> = { tinyint: 1, bool: 1, boolean: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, bigint: 5, serial: 5 };
/** Decimal digits a signed integer type can hold. */
const INT_DIGITS = [0, 3, 5, 7, 10, 19];
const STRING_CAPACITY: Record<string, number> = { tinytext: 255, text: 65_535, mediumtext: 16_777_215, longtext: 4_294_967_295, json: 4_294_967_295 };
const BINARY_CAPACITY: Record<string, number> = { tinyblob: 255, blob: 65_535, mediumblob: 16_777_215, longblob: 4_294_967_295 };
const TIME_TYPES = new Set(['date', 'datetime', 'timestamp', 'time', 'year']);

function familyOf(base: string): Family {
  if (base in INT_RANK) return 'int';
  if (base === 'char' || base === 'varchar' || base in STRING_CAPACITY) return 'string';
  if (base === 'binary' || base === 'varbinary' || base in BINARY_CAPACITY) return 'binary';
  if (['decimal', 'numeric', 'dec', 'fixed'].includes(base)) return 'decimal';
  if (['float', 'double', 'real'].includes(base)) return 'float';
  if (TIME_TYPES.has(base)) return 'time';
  if (base === 'enum' || base === 'set' || base === 'bit') return base;
  return 'other';
}

/** `varchar(50)`, `bigint unsigned`, `enum('a','b')`, `decimal(10,2)` -> parts. */
export function parseColumnType(type: string): ParsedType {
  const text = type.trim().toLowerCase();
  const base = /^[a-z]+/.exec(text)?.[0] ?? text;
  const inside = /^[a-z]+\s*\(([^)]*)\)/.exec(text)?.[1] ?? '';
  const values = [...inside.matchAll(/'((?:[^']|'')*)'/g)].map((match) => match[1]!);
  const args = values.length > 0 ? [] : inside.split(',').map((part) => Number(part.trim())).filter((n) => Number.isFinite(n) && inside.trim() !== '');
  return { family: familyOf(base), base, args, values, unsigned: /\bunsigned\b/.test(text) || base === 'serial' };
}

const capacity = (t: ParsedType): number =>
  t.base === 'char' || t.base === 'binary' ? (t.args[0] ?? 1)
    : t.base === 'varchar' || t.base === 'varbinary' ? (t.args[0] ?? 0)
      : STRING_CAPACITY[t.base] ?? BINARY_CAPACITY[t.base] ?? 0;

function decimalParts(t: ParsedType): { whole: number; scale: number } {
  const [precision = 10, scale = 0] = t.args;
  return { whole: precision - scale, scale };
}

function intNarrows(from: ParsedType, to: ParsedType): boolean {
  const [a, b] = [INT_RANK[from.base]!, INT_RANK[to.base]!];
  if (b < a) return true;
  if (!from.unsigned && to.unsigned) return true;
  return from.unsigned && !to.unsigned && b === a;
}

function timeNarrows(from: ParsedType, to: ParsedType): boolean {
  if (from.base === to.base) return (to.args[0] ?? 0) < (from.args[0] ?? 0);
  const widening = (from.base === 'date' && (to.base === 'datetime' || to.base === 'timestamp')) || (from.base === 'timestamp' && to.base === 'datetime');
  return !widening || (to.args[0] ?? 0) < (from.args[0] ?? 0);
}

function sameFamilyNarrows(from: ParsedType, to: ParsedType): boolean {
  switch (from.family) {
    case 'int':
      return intNarrows(from, to);
    case 'string':
    case 'binary':
      return capacity(to) < capacity(from);
    case 'decimal': {
      const [a, b] = [decimalParts(from), decimalParts(to)];
      return b.whole < a.whole || b.scale < a.scale;
    }
    case 'float':
      return from.base !== 'float' && to.base === 'float';
    case 'time':
      return timeNarrows(from, to);
    case 'enum':
    case 'set':
      return from.values.some((value) => !to.values.includes(value));
    case 'bit':
      return (to.args[0] ?? 1) < (from.args[0] ?? 1);
    case 'other':
      return true;
  }
}

/** Whole-number digits (plus sign) a value of `from` may need, when `from` is numeric. */
function digitsNeeded(from: ParsedType): number | undefined {
  if (from.family === 'int') return INT_DIGITS[INT_RANK[from.base]!]! + 1;
  if (from.family === 'decimal') return decimalParts(from).whole + decimalParts(from).scale + 2;
  return undefined;
}

function crossFamilyNarrows(from: ParsedType, to: ParsedType): boolean {
  const digits = digitsNeeded(from);
  if (digits !== undefined && to.family === 'string') return capacity(to) < digits;
  if (from.family === 'int' && to.family === 'decimal') return decimalParts(to).whole < INT_DIGITS[INT_RANK[from.base]!]! + (from.unsigned ? 1 : 0);
  if (from.family === 'int' && to.family === 'float') return to.base === 'float' || INT_RANK[from.base]! >= 5;
  if (from.family === 'time' && to.family === 'string') return capacity(to) < 26;
  return true;
}

/**
 * True when changing a column's type from `from` to `to` may cut, round or reject existing values:
 * `varchar(100)` -> `varchar(50)`, `int` -> `smallint`, `int` -> `int unsigned`, removing an enum value, ...
 */
export function isNarrowing(from: string, to: string): boolean {
  const [a, b] = [parseColumnType(from), parseColumnType(to)];
  if (from.trim().toLowerCase() === to.trim().toLowerCase()) return false;
  return a.family === b.family ? sameFamilyNarrows(a, b) : crossFamilyNarrows(a, b);
}
