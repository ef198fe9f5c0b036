import { normaliseCharset, normaliseCollation } from '../tables/model.js';
import { readableRows } from '../readable.js';
import type { DataAccess, Routine, RoutineType } from './model.js';

export interface RoutineRow {
  routine_name: string;
  routine_type: string;
  dtd_identifier: string | null;
  character_set_name: string | null;
  collation_name: string | null;
  routine_definition: string | null;
  is_deterministic: string;
  sql_data_access: string;
  security_type: string;
  routine_comment: string | null;
  /** The connection collation it was created under (its string literals have it). */
  collation_connection?: string | null;
}

export interface ParameterRow {
  specific_name: string;
  routine_type: string;
  ordinal_position: number | string;
  parameter_mode: string | null;
  parameter_name: string | null;
  dtd_identifier: string;
  character_set_name: string | null;
  collation_name: string | null;
}

export const ROUTINES_QUERY = `SELECT ROUTINE_NAME AS routine_name, ROUTINE_TYPE AS routine_type, DTD_IDENTIFIER AS dtd_identifier,
    CHARACTER_SET_NAME AS character_set_name, COLLATION_NAME AS collation_name, ROUTINE_DEFINITION AS routine_definition,
    IS_DETERMINISTIC AS is_deterministic, SQL_DATA_ACCESS AS sql_data_access, SECURITY_TYPE AS security_type,
    ROUTINE_COMMENT AS routine_comment, COLLATION_CONNECTION AS collation_connection
  FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME`;

export const PARAMETERS_QUERY = `SELECT SPECIFIC_NAME AS specific_name, ROUTINE_TYPE AS routine_type, ORDINAL_POSITION AS ordinal_position,
    PARAMETER_MODE AS parameter_mode, PARAMETER_NAME AS parameter_name, DTD_IDENTIFIER AS dtd_identifier,
    CHARACTER_SET_NAME AS character_set_name, COLLATION_NAME AS collation_name
  FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = ? ORDER BY ROUTINE_TYPE, SPECIFIC_NAME, ORDINAL_POSITION`;

function typeOf(dtd: string, charset: string | null, collation: string | null): RoutineType {
  // MySQL 8 may spell the charset into DTD_IDENTIFIER too; the columns say it once.
  const type = dtd.replace(/\s+(CHARSET|CHARACTER SET|COLLATE)\s+\S+/gi, '').trim().toLowerCase();
  return { type, ...(charset ? { charset: normaliseCharset(charset) } : {}), ...(collation ? { collation: normaliseCollation(collation) } : {}) };
}

/** The routines of the catalog rows; those whose body the user may not read are returned apart. */
export function routinesFromRows(rows: readonly RoutineRow[], parameters: readonly ParameterRow[]): { routines: Routine[]; unreadable: string[] } {
  const kindOf = (row: RoutineRow) => (row.routine_type.toUpperCase() === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE');
  const read = readableRows(rows, (row) => row.routine_definition, (row) => `${kindOf(row).toLowerCase()} ${row.routine_name}`, (row, body): Routine => {
    const kind = kindOf(row);
    const own = parameters.filter((p) => p.specific_name === row.routine_name && p.routine_type.toUpperCase() === kind && Number(p.ordinal_position) > 0)
      .sort((a, b) => Number(a.ordinal_position) - Number(b.ordinal_position));
    return {
      kind,
      name: row.routine_name,
      parameters: own.map((p) => ({
        ...(kind === 'PROCEDURE' ? { mode: (p.parameter_mode ?? 'IN').toUpperCase() as 'IN' | 'OUT' | 'INOUT' } : {}),
        name: p.parameter_name ?? '',
        ...typeOf(p.dtd_identifier, p.character_set_name, p.collation_name),
      })),
      ...(kind === 'FUNCTION' && row.dtd_identifier ? { returns: typeOf(row.dtd_identifier, row.character_set_name, row.collation_name) } : {}),
      deterministic: row.is_deterministic.toUpperCase() === 'YES',
      dataAccess: row.sql_data_access.toUpperCase() as DataAccess,
      security: row.security_type.toUpperCase() === 'INVOKER' ? 'INVOKER' : 'DEFINER',
      comment: row.routine_comment ?? '',
      body: body.trim(),
    };
  });
  return { routines: read.objects, unreadable: read.unreadable };
}
