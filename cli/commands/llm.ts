// `opentrade llm usage`: what the agents' model calls cost, in total and per role and model, for one
// session or all of them, read from the LlmCall rows the same repository the gateway reads.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UnavailableError, ValidationError } from '../../core/errors';
import { parseSince, SINCE_FORMS } from '../../core/llm/usage-since';
import { createPrisma, redactDatabaseUrl } from '../../infra/adapters/db';
import { createLlmCallRepository, type LlmUsageReport } from '../../infra/adapters/db/repositories/llm-calls';
import { repositoryDb } from '../../infra/adapters/db/repositories/repository-db';
import { resolveEndpoints } from '../../infra/stack/config/endpoints';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { runAction } from '../util/run-action';
import { usageLines } from '../util/llm-usage-text';
import { registerLlmServeCommand } from './llm-serve';

interface UsageFlags {
  session?: string;
  since?: string;
  json?: boolean;
}

async function readUsage(q: { sessionId?: string; sinceMs?: number }): Promise<LlmUsageReport> {
  const config = existsSync(configPath()) ? loadConfig() : undefined;
  const databaseUrl = resolveEndpoints(config).databaseUrl;
  const prisma = createPrisma(databaseUrl);
  try {
    // Prisma's raw-query failures carry no code that says "server down"; a probe first tells an outage
    // (exit 69) from a failing query.
    await prisma.$queryRaw`SELECT 1`.catch((e: unknown) => {
      throw new UnavailableError('the database', `the database at ${redactDatabaseUrl(databaseUrl)} is unreachable`, {
        hint: 'start the stack with `opentrade up` or check DATABASE_URL',
        cause: e,
      });
    });
    return await createLlmCallRepository(repositoryDb({ prisma, databaseUrl })).usage(q);
  } finally {
    await prisma.$disconnect();
  }
}

export function registerLlmCommand(program: Command): void {
  const llm = program
    .command('llm')
    .description("the agents' language models: usage and cost, and the local model server");
  registerLlmServeCommand(llm);
  llm
    .command('usage')
    .description('calls, tokens and cost of the model calls, in total and by role and model')
    .option('--session <id>', "only this trading session's calls")
    .option('--since <time>', `only calls since then: ${SINCE_FORMS}`)
    .option('--json', 'print one JSON object')
    .action(
      runAction(async (o: UsageFlags) => {
        if (o.session !== undefined && !o.session.trim()) throw new ValidationError('--session needs a session id');
        let sinceMs: number | undefined;
        if (o.since !== undefined) {
          sinceMs = parseSince(o.since, Date.now());
          if (sinceMs === undefined)
            throw new ValidationError(`--since "${o.since}" is not a time`, { hint: `use ${SINCE_FORMS}` });
        }
        const report = await readUsage({ sessionId: o.session, sinceMs });
        if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
        else process.stdout.write(`${usageLines(report).join('\n')}\n`);
      }),
    );
}
