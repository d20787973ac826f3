// The pure side of protections, safe for workflow code. The zod schema and the CLI flag parser are
// imported from their own files (protections-config-schema.ts, protection-flag.ts), never from here.
export type {
  CooldownPeriodConfig,
  ExitReason,
  LowProfitPairsConfig,
  MaxDrawdownConfig,
  ProtectionLock,
  ProtectionName,
  ProtectionTrade,
  ProtectionsConfig,
  StoplossGuardConfig,
} from './types';
export { activeLocks } from './active-locks';
export { entryBlockedBy } from './entry-lock';
export { protectionHorizonCandles } from './horizon';
export { lockId } from './protection-lock';
