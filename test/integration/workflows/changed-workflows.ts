// A workflow bundle with one change that breaks determinism, as a careless edit would: the trading
// cycle starts with a timer its recorded histories never saw. The replay test proves against it that
// it catches such a change.
import { sleep } from '@temporalio/workflow';
import type { TradingCycleInput, TradingCycleResult } from '../../../workflows/trading-contract';
import { tradingCycle as recordedCycle } from '../../../workflows/trading-cycle';

export async function tradingCycle(input: TradingCycleInput): Promise<TradingCycleResult> {
  await sleep(1);
  return recordedCycle(input);
}
