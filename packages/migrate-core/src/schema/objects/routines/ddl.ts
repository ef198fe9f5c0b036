import { quoteIdentifier } from '../../../db/identifiers.js';
import { quoteSqlString } from '../../canonical/types.js';
import type { Routine, RoutineType } from './model.js';

function typeSql(type: RoutineType): string {
  const charset = type.charset === undefined ? '' : ` CHARSET ${type.charset}`;
  const collation = type.collation === undefined ? '' : ` COLLATE ${type.collation}`;
  return `${type.type}${charset}${collation}`;
}

/** The characteristics that differ from the defaults, one per line. */
function characteristics(routine: Routine): string[] {
  return [
    ...(routine.comment === '' ? [] : [`COMMENT ${quoteSqlString(routine.comment)}`]),
    ...(routine.deterministic ? ['DETERMINISTIC'] : []),
    ...(routine.dataAccess === 'CONTAINS SQL' ? [] : [routine.dataAccess]),
    ...(routine.security === 'DEFINER' ? [] : [`SQL SECURITY ${routine.security}`]),
  ];
}

/** `CREATE PROCEDURE` / `CREATE FUNCTION` (no DEFINER: it belongs to the user who runs the migration). */
export function createRoutine(routine: Routine): string {
  const parameters = routine.parameters.map((p) => `${p.mode === undefined ? '' : `${p.mode} `}${quoteIdentifier(p.name)} ${typeSql(p)}`);
  const returns = routine.returns === undefined ? '' : ` RETURNS ${typeSql(routine.returns)}`;
  const head = `CREATE ${routine.kind} ${quoteIdentifier(routine.name)}(${parameters.join(', ')})${returns}`;
  return [head, ...characteristics(routine).map((line) => `    ${line}`), routine.body].join('\n');
}

export function dropRoutine(routine: Pick<Routine, 'kind' | 'name'>): string {
  return `DROP ${routine.kind} ${quoteIdentifier(routine.name)}`;
}
