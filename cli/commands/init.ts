import { redactConfig } from '../../core/config/redact-config';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ConfigSchema } from '../../core/config/schema';
import { saveConfig } from '../../infra/stack/config/load';
import { configPath } from '../../infra/stack/config/paths';
import { ConflictError, ValidationError } from '../../core/errors';
import { printJson, printLine } from '../util/output';
import { runAction } from '../util/run-action';
import { askLlm, DETERMINISTIC_LLM, llmNextSteps, type Ask } from './init-llm';

interface InitOptions {
  yes?: boolean;
  force?: boolean;
  json?: boolean;
  exchange?: string;
  market?: string;
  gatewayPort?: string;
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * One readline session for every question, read line by line: answers typed (or piped through a
 * terminal) ahead of their question wait for it instead of being dropped between questions.
 */
function questionnaire(): { ask: Ask; close: () => void } {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask: Ask = async (questions) => {
    const answers: Record<string, string> = {};
    for (const q of questions) {
      process.stderr.write(`${q.question} [${q.fallback}]: `);
      const next = await lines.next();
      const a = next.done ? '' : String(next.value).trim();
      answers[q.key] = a === '' ? q.fallback : a;
    }
    return answers;
  };
  return { ask, close: () => rl.close() };
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'write opentrade.config.json (risk limits, exchanges, LLM endpoint, ports) and generate the gateway API token',
    )
    .option('-y, --yes', 'accept defaults without asking (required when stdin is not a terminal)')
    .option('-f, --force', 'overwrite an existing config file (generates a new token)')
    .option('--exchange <id>', 'first exchange: a ccxt id or "sim"', 'sim')
    .option('--market <type>', 'market type of that exchange: spot or swap', 'spot')
    .option('--gateway-port <port>', 'gateway port', '18790')
    .option('--json', 'print the written config (token redacted) as JSON')
    .action(
      runAction(async (opts: InitOptions) => {
        const file = configPath();
        if (existsSync(file) && !opts.force) {
          throw new ConflictError(`config file ${file} already exists`, {
            hint: 'pass --force to overwrite it (a new API token is generated)',
          });
        }
        let answers = {
          exchange: opts.exchange ?? 'sim',
          market: opts.market ?? 'spot',
          gatewayPort: opts.gatewayPort ?? '18790',
        };
        let llm = DETERMINISTIC_LLM;
        if (!opts.yes) {
          if (!process.stdin.isTTY)
            throw new ValidationError('stdin is not a terminal, so init cannot ask its questions', {
              hint: 'pass --yes to accept the defaults',
            });
          const { ask, close } = questionnaire();
          try {
            answers = {
              ...answers,
              ...(await ask([
                {
                  key: 'exchange',
                  question: 'Exchange (ccxt id, or sim for the offline market)',
                  fallback: answers.exchange,
                },
                { key: 'market', question: 'Market type (spot or swap)', fallback: answers.market },
                { key: 'gatewayPort', question: 'Gateway port', fallback: answers.gatewayPort },
              ])),
            };
            llm = await askLlm(ask);
          } finally {
            close();
          }
        }
        const exchangeId = answers.exchange.toLowerCase();
        const envPrefix = exchangeId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
        const config = {
          version: 1,
          gateway: { host: '127.0.0.1', port: Number(answers.gatewayPort), token: generateToken() },
          web: { port: 3000, enabled: true },
          temporal: { namespace: 'default', port: 7233, uiPort: 8233 },
          postgres: { port: 5433 },
          redis: { port: 6380 },
          risk: ConfigSchema.shape.risk.parse(undefined),
          exchanges: [
            {
              id: exchangeId,
              market: answers.market,
              sandbox: true,
              credentials:
                exchangeId === 'sim' ? {} : { apiKey: `${envPrefix}_API_KEY`, secret: `${envPrefix}_SECRET` },
            },
          ],
          llm,
          notifications: [{ type: 'log', level: 'info' }],
        };
        const saved = saveConfig(config, file);
        if (opts.json) {
          printJson({ file, config: redactConfig(saved) });
          return;
        }
        printLine(`wrote ${file}`);
        printLine(`gateway API token generated (see gateway.token in the file; keep it private)`);
        if (exchangeId !== 'sim')
          printLine(
            `put the ${exchangeId} credentials in the environment or .env as ${envPrefix}_API_KEY and ${envPrefix}_SECRET`,
          );
        for (const line of llmNextSteps(llm)) printLine(line);
        printLine('next: opentrade up');
      }),
    );
}
