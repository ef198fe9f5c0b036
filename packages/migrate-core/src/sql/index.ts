// The MySQL/MariaDB statement model: lexer, scanner, classes, execution units, policy, refusals, bytes, checksums.
export type { Position, ScanItem, NoopItem, SqlStatement, StatementClass } from './model.js';
export { isStatement } from './model.js';
export { DEFAULT_FLAVOR, flavorOf, versionId, runsOn, type Flavor, type ExecutableComment } from './flavor.js';
export { SqlLexError, SqlDecodeError, type SqlLexProblem } from './errors.js';
export { Lexer, tokenize, BREAKPOINT, type LexOptions } from './lexer.js';
export type { Token, TokenKind } from './tokens.js';
export { scanStatements, statementsOf, type ScanOptions } from './scan.js';
export { classify, classifyTokens, type StatementTokens } from './classify.js';
export { SESSION_SAFE_VARIABLES } from './classify-set.js';
export type { Classification, ClassifyOptions } from './words.js';
export { unitsOf, type ExecutionUnit, type UnitFinding, type UnitProblem } from './units.js';
export { POLICY, type ClassPolicy, type RunMode, type Rerun } from './policy.js';
export { refusals, type Refusal } from './refusals.js';
export { decodeSqlFile } from './decode.js';
export { CHECKSUM_V2, canonicalSql, fileChecksumV2, prefixChecksumsV2, verifyFileChecksum } from './checksum.js';
export { ddlTargets, type DdlTargets, type ObjectRef } from './targets.js';
