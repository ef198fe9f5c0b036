// Public API of @repo/migrate-core: the engine, its adapters and types. The CLI lives in ./cli.
export type { Clock, Direction, LedgerRow, LedgerState, MigrationFile, MigrationFolder, MigrationId, Statement, Step, Target } from './model.js';
export { systemClock } from './model.js';
export { ConfigError, LockTimeoutError, MigrateError, StatementError, UsageError, type Issue, type IssueCode, type MigrateErrorCode } from './errors.js';
export { checksumOf, checksumOfStatements, normaliseBody } from './checksum.js';
export { compareIds, isMigrationId, newMigrationId, slugify } from './migration-id.js';
export { splitStatements, BREAKPOINT, type ParsedStatement } from './statements.js';
export { plan, type PlanInput, type PlanResult } from './engine/planner.js';
export { verifyApplied, pendingFiles, outOfOrderFiles, dirtyRows } from './engine/verify.js';
export {
  acceptEdits, createFolderSource, nodeFs, openRepository, sourceOf, UP_FILE, DOWN_FILE, SNAPSHOT_FILE,
  type AcceptEditsReport, type FsLike, type MigrationListing, type MigrationRepository, type MigrationSource, type MigrationSnapshot,
} from './repository/index.js';
export { withVerbs, type Begin, type Complete, type Fail, type Ledger, type LedgerStore, type LedgerWrite, type PreState, type Progress, type Resolve, type Resume, type Settle } from './ledger/ledger.js';
export { signatureSql } from './ledger/signature-sql.js';
export { DEFAULT_LEDGER_TABLE, ledgerSql, type LedgerSql, type RawSql, type SqlCommand } from './ledger/ledger-sql.js';
export { createMysqlLedger, type MysqlLedger } from './ledger/mysql-ledger.js';
export { createMemoryLedger, type MemoryLedgerOptions } from './ledger/memory-ledger.js';
export { DEFAULT_LOCK_TIMEOUT_SECONDS, type Lock, type LockWait, type Release } from './lock/lock.js';
export { createMysqlLock, databaseLockName, lockName, MAX_LOCK_TIMEOUT_SECONDS } from './lock/mysql-lock.js';
export { createMemoryLock, createMemoryLocks, type MemoryLock, type MemoryLockOptions, type MemoryLocks } from './lock/memory-lock.js';
export { openSession, type ConnectionSettings, type ScriptResult, type ServerInfo, type Session } from './db/session.js';
export { createMigrator, type Migrator, type MigratorOptions } from './engine/migrator.js';
export { createMysqlMigrator, mysqlInspector, type MysqlMigratorOptions } from './engine/mysql-migrator.js';
export { createMysqlRunner, itemCommands, DEFAULT_SERVER_TIMEOUT_SECONDS, type MysqlRunnerOptions } from './engine/mysql-runner.js';
export type { BatchFailure, BatchHooks, BatchOutcome, ServerActivity, StepRunner } from './engine/runner.js';
export { proveOutcome, type Inspector, type Verdict } from './engine/proof.js';
export { stepScript, scriptItems, type StepItem, type StepScript, type StepUnit } from './engine/step-script.js';
export { defaultStatementPolicy, type StatementPolicy } from './engine/statement-policy.js';
export { statusOf } from './engine/status.js';
export type { LoadedStep, MigrateEvent } from './engine/executor.js';
export type { RunReport, StatusReport, StepReport, Outcome, ErrorReport } from './engine/report.js';
export { loadService, planConnection, settingsOf, type ServiceContext, type Env } from './config/load.js';
export { parseDatabaseUrl, maskUrl } from './config/database-url.js';
export { SERVICE_CONFIG_FILE, serviceUrlVariable, quickParseServiceConfig, type ServiceConfig } from './config/service-config.js';
export { serviceConfigSchema } from './config/service-config-schema.js';
export { findWorkspaceRoot, listServices } from './config/workspace.js';
export { generateMigration, DEFAULT_MIGRATION_NAME, type GenerateOptions, type GenerateReport } from './generate/generate.js';
export { compileTablesFilter, filterTables, type FilterResult, type TableInfo } from './schema/filter.js';
export { dataLossOf, ALLOW_DATA_LOSS, type DataLoss } from './schema/data-loss.js';
export { checkService, type CheckReport } from './check/check.js';
export { findChainConflicts, type ChainConflict } from './repository/chain.js';
export { mergeSnapshots, rebaseMigration, type MergeConflict, type RebaseReport } from './repository/index.js';
export type { CheckProblem, CheckProblemCode } from './check/problems.js';
export { detectDrift, type DriftOptions, type DriftReport } from './drift/drift.js';
export { introspectDatabase, type IntrospectOptions, type Introspection } from './introspect/introspect.js';
export { adoptDatabase, type AdoptOptions, type AdoptReport } from './adopt/adopt.js';
