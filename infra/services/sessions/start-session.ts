// Starts a validated trading session: the TradingSession row, then the tradingSession workflow.
// Shared by `opentrade trade` and the gateway's POST /sessions so both start sessions the same way.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../adapters/db';
import { UnavailableError } from '../../../core/errors';
import { DEFAULT_DECISION_MODE } from '../../../core/pipeline/decision-mode';
import { sessionSearchAttributes, TASK_QUEUES } from '../../../workflows/definitions';
import { sessionWorkflowId, type TradingSessionInput } from '../../../workflows/trading-contract';
import { tradingSession } from '../../../workflows/trading-session';
import type { ValidatedTrade } from './validate-trade';

/** Session ids are short, sortable by start time and safe in workflow ids and paper account ids. */
export function newSessionId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface StartedSession {
  sessionId: string;
  workflowId: string;
  input: TradingSessionInput;
}

export async function startTradingSession(
  c: { prisma: PrismaClient; temporal: Client; taskQueue?: string },
  validated: ValidatedTrade,
): Promise<StartedSession> {
  const sessionId = newSessionId();
  const workflowId = sessionWorkflowId(sessionId);
  const input: TradingSessionInput = { sessionId, ...validated.input };
  await c.prisma.tradingSession.create({
    data: {
      id: sessionId,
      mode: input.mode,
      exchange: input.exchange,
      symbols: input.symbols,
      timeframe: input.timeframe,
      strategyName: input.strategy.name,
      strategyVersion: input.strategy.version ?? 0,
      status: 'running',
      workflowId,
      config: {
        strategy: input.strategy,
        riskLimits: input.riskLimits,
        // The status query does not carry these: the gateway and the CLI read them back from here.
        decide: input.decide ?? DEFAULT_DECISION_MODE,
        protections: input.protections ?? null,
        trailingStopPct: input.trailingStopPct ?? null,
        llm: input.llm ?? null,
        maxCycles: input.maxCycles ?? null,
        ...(validated.speed !== undefined ? { speed: validated.speed } : {}),
      } as object,
    },
  });
  try {
    await c.temporal.workflow.start(tradingSession, {
      taskQueue: c.taskQueue ?? TASK_QUEUES.trading,
      workflowId,
      args: [input],
      typedSearchAttributes: sessionSearchAttributes(input),
    });
  } catch (e) {
    // The row must not claim a session that never started.
    await c.prisma.tradingSession.update({
      where: { id: sessionId },
      data: { status: 'failed', stoppedAt: new Date() },
    });
    throw new UnavailableError(
      'Temporal',
      `could not start the session workflow: ${(e as Error).message.split('\n')[0]}`,
      { hint: 'is Temporal running? (opentrade up)', cause: e },
    );
  }
  return { sessionId, workflowId, input };
}
