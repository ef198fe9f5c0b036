/** A declared type with its character set and collation when it has them (`varchar(40) CHARSET utf8mb4 ...`). */
export interface RoutineType {
  /** As written or reported: `int(11)`, `decimal(10,2) unsigned`, `varchar(40)`. */
  readonly type: string;
  readonly charset?: string;
  readonly collation?: string;
}

export interface RoutineParameter extends RoutineType {
  /** Procedures only. */
  readonly mode?: 'IN' | 'OUT' | 'INOUT';
  readonly name: string;
}

export type DataAccess = 'CONTAINS SQL' | 'NO SQL' | 'READS SQL DATA' | 'MODIFIES SQL DATA';

/** A stored procedure or function (the definer is not kept: migrate's user creates it). */
export interface Routine {
  readonly kind: 'PROCEDURE' | 'FUNCTION';
  readonly name: string;
  readonly parameters: readonly RoutineParameter[];
  /** Functions only. */
  readonly returns?: RoutineType;
  readonly deterministic: boolean;
  readonly dataAccess: DataAccess;
  readonly security: 'DEFINER' | 'INVOKER';
  readonly comment: string;
  /** Everything after the characteristics, exactly as written. */
  readonly body: string;
}

/** `procedure show_departments`, `function emp_name`: procedures and functions have separate names. */
export function routineKey(routine: Pick<Routine, 'kind' | 'name'>): string {
  return `${routine.kind.toLowerCase()} ${routine.name}`;
}
