// Trading sessions: start (the same validation and start path as `opentrade trade`), list, inspect
// (row plus the workflow's live status query), and the pause / resume / stop / kill signals.
import { z } from 'zod';
import { temporalUiLink } from '../../infra/adapters/temporal-ui-link';
import { ensureSimSpeed } from '../../infra/services/sessions/sim-speed';
import { startTradingSession } from '../../infra/services/sessions/start-session';
import { validateTrade } from '../../infra/services/sessions/validate-trade';
import { TASK_QUEUES } from '../../workflows/definitions';
import {
  findSession as findSessionRow,
  liveSessionStatus,
  type SessionRow,
} from '../../infra/services/sessions/session-reads';
import { forceExitSession, signalSession } from '../../infra/services/sessions/session-signals';
import type { OpenTradeConfig } from '../../core/config/schema';
import type { GatewayData } from '../data/gateway-data';
import { ConfirmationRequiredError, ValidationError } from '../../core/errors';
import { pageArgs, pageSchema, toPage } from '../http/pagination';
import { plainJson } from '../http/plain-json';
import { defineRoute, type RouteSpec } from '../http/route-spec';
import { idParams } from '../schemas/common';
import {
  ForceExitAnswer,
  ForceExitBody,
  KillBody,
  ListSessionsQuery,
  Session,
  SignalAnswer,
  SignalBody,
  SessionLock,
  StartSessionBody,
} from '../schemas/session-schemas';
import { sessionOptionsOf } from '../../infra/services/sessions/session-options';
import type { ProtectionLock } from '../../core/protections/types';

/** The gateway speaks ISO times; the workflow keeps milliseconds. */
const lockView = (l: ProtectionLock): z.infer<typeof SessionLock> => ({
  id: l.id,
  protection: l.protection,
  scope: l.scope,
  ...(l.symbol !== undefined ? { symbol: l.symbol } : {}),
  from: new Date(l.from).toISOString(),
  until: new Date(l.until).toISOString(),
  reason: l.reason,
});

export function sessionsRoutes(
  data: GatewayData,
  config: OpenTradeConfig,
  env: NodeJS.ProcessEnv = process.env,
): RouteSpec[] {
  const toSession = (r: SessionRow) => ({
    id: r.id,
    mode: r.mode,
    exchange: r.exchange,
    symbols: r.symbols,
    timeframe: r.timeframe,
    strategy: r.strategyName,
    strategyVersion: r.strategyVersion,
    status: r.status,
    workflowId: r.workflowId,
    temporalUiUrl: temporalUiLink(data.temporalUiUrl, data.namespace, r.workflowId),
    startedAt: r.startedAt.toISOString(),
    stoppedAt: r.stoppedAt?.toISOString() ?? null,
    config: plainJson(r.config) as Record<string, unknown>,
    ...sessionOptionsOf(r.config),
  });

  const findSession = (id: string): Promise<SessionRow> => findSessionRow(data.prisma, id);

  const signal = (name: 'pause' | 'resume' | 'stop' | 'kill', body: z.ZodType, summary: string) =>
    defineRoute({
      method: 'post',
      path: `/sessions/:id/${name}`,
      tag: 'sessions',
      summary,
      params: idParams,
      body,
      bodyOptional: true,
      response: SignalAnswer,
      status: 202,
      errors: [404, 409, 503],
      write: true,
      async handler({ params, body: b }) {
        if (name === 'kill' && (b as { confirm?: boolean }).confirm !== true) {
          throw new ConfirmationRequiredError(
            'kill cancels the open orders and closes the positions of the session: send {"confirm": true}',
            { field: 'confirm' },
          );
        }
        const reason = (b as { reason?: string }).reason;
        const row = await signalSession(data.prisma, () => data.temporal(), params.id, name, reason);
        return { body: { sessionId: row.id, signal: name } };
      },
    });

  return [
    defineRoute({
      method: 'post',
      path: '/sessions',
      tag: 'sessions',
      summary: 'start a paper or live trading session',
      body: StartSessionBody,
      response: z.object({ session: Session }),
      status: 201,
      errors: [422, 503],
      write: true,
      async handler({ body }) {
        if (body.speed !== undefined) {
          if (body.exchange !== 'sim')
            throw new ValidationError('speed applies to the sim market only', { field: 'speed' });
          ensureSimSpeed(body.speed);
        }
        const flags = {
          mode: body.mode,
          exchange: body.exchange,
          symbol: body.symbols,
          timeframe: body.timeframe,
          strategy: body.strategy,
          params: body.params === undefined ? undefined : JSON.stringify(body.params),
          speed: body.speed === undefined ? undefined : String(body.speed),
          cycles: body.maxCycles === undefined ? undefined : String(body.maxCycles),
          confirmLive: body.confirmLive === true,
          decide: body.decide,
          protections: body.protections,
          trailingStop: body.trailingStopPct === undefined ? undefined : String(body.trailingStopPct),
          agents: body.agents,
          llmCache: body.llmCache,
          debateRounds: body.debateRounds,
        };
        const validated = await validateTrade(flags, config, env, (name) => data.venue(name));
        const started = await startTradingSession(
          {
            prisma: data.prisma,
            temporal: await data.temporal(),
            taskQueue: data.taskQueues?.trading ?? TASK_QUEUES.trading,
          },
          validated,
        );
        return { status: 201, body: { session: toSession(await findSession(started.sessionId)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/sessions',
      tag: 'sessions',
      summary: 'trading sessions, newest first',
      query: ListSessionsQuery,
      response: pageSchema(Session),
      async handler({ query }) {
        const rows = await data.prisma.tradingSession.findMany({
          where: query.status ? { status: query.status } : {},
          orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
          ...pageArgs(query),
        });
        return { body: toPage(rows, query.limit, toSession) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/sessions/:id',
      tag: 'sessions',
      summary: 'one session, with its live status while it runs',
      params: idParams,
      response: z.object({
        session: Session,
        live: z
          .unknown()
          .nullable()
          .describe('SessionStatus from the workflow status query; null once ended or unreachable'),
        locks: z
          .array(SessionLock)
          .describe("the protection locks in force after the session's last round; empty once ended or unreachable"),
      }),
      errors: [404],
      async handler({ params }) {
        const row = await findSession(params.id);
        const live = await liveSessionStatus(() => data.temporal(), row);
        return { body: { session: toSession(row), live, locks: (live?.state.locks ?? []).map(lockView) } };
      },
    }),
    signal('pause', SignalBody, 'no new entries until resumed (exits, SL/TP and reconciliation go on)'),
    signal('resume', SignalBody, 'allow new entries again'),
    signal('stop', SignalBody, 'end the session after the running cycle; positions keep their SL/TP'),
    signal('kill', KillBody, "cancel the session's open orders, close its positions, end it (needs confirm: true)"),
    defineRoute({
      method: 'post',
      path: '/sessions/:id/force-exit',
      tag: 'sessions',
      summary:
        "close the session's position in one symbol (or all) at market before the next candle; the session goes on",
      params: idParams,
      body: ForceExitBody,
      response: ForceExitAnswer,
      status: 202,
      errors: [404, 409, 422, 503],
      write: true,
      async handler({ params, body }) {
        const r = await forceExitSession(data.prisma, () => data.temporal(), params.id, body.symbol, body.reason);
        return { body: { sessionId: r.row.id, signal: 'forceExit' as const, symbol: r.symbol } };
      },
    }),
  ];
}
