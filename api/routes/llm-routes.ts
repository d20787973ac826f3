// What the agents' model calls cost and said: spend by role and model, a cycle's calls, and one call
// with the exact prompt and answer (the decision page's "open the prompt").
import { z } from 'zod';
import { NotFoundError } from '../../core/errors';
import { createLlmCallRepository } from '../../infra/adapters/db/repositories/llm-calls';
import { repositoryDb } from '../../infra/adapters/db/repositories/repository-db';
import type { GatewayData } from '../data/gateway-data';
import { plainJson } from '../http/plain-json';
import { defineRoute, type RouteSpec } from '../http/route-spec';
import { idParams } from '../schemas/common';
import { LlmCallDetail, LlmCallsQuery, LlmCallSummary, LlmUsage, LlmUsageQuery } from '../schemas/llm-schemas';

const UsageAnswer = z.object({ usage: LlmUsage });
const CallsAnswer = z.object({ items: z.array(LlmCallSummary) });
const CallAnswer = z.object({ call: LlmCallDetail });

export function llmRoutes(data: GatewayData): RouteSpec[] {
  // The pool searches the URL's schema first (connection-config), so unqualified names resolve there.
  const calls = () => createLlmCallRepository(repositoryDb({ prisma: data.prisma, sql: data.sql }));
  // Parsed, not just documented: only the fields the schemas name are ever sent.
  const send = <S extends z.ZodType>(schema: S, value: unknown) => ({ body: schema.parse(plainJson(value)) });
  return [
    defineRoute({
      method: 'get',
      path: '/llm/usage',
      tag: 'llm',
      summary: 'model calls, cache hits, abstentions, tokens and cost in total and by role and model',
      query: LlmUsageQuery,
      response: UsageAnswer,
      async handler({ query: q }) {
        return send(UsageAnswer, { usage: await calls().usage({ sessionId: q.sessionId, sinceMs: q.since }) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/llm/calls',
      tag: 'llm',
      summary: "a trading cycle's model calls in the order they were made, without their prompts",
      query: LlmCallsQuery,
      response: CallsAnswer,
      async handler({ query: q }) {
        return send(CallsAnswer, { items: await calls().listByCycle(q.cycleId) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/llm/calls/:id',
      tag: 'llm',
      summary: 'one model call with the exact messages sent and the raw answer',
      params: idParams,
      response: CallAnswer,
      errors: [404],
      async handler({ params }) {
        const call = await calls().get(params.id);
        if (!call) throw new NotFoundError(`no LLM call "${params.id}"`);
        return send(CallAnswer, { call });
      },
    }),
  ];
}
