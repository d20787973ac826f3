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

async function ask(questions: { key: string; question: string; fallback: string }[]): Promise<Record<string, string>> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answers: Record<string, string> = {};
  try {
    for (const q of questions) {
      const a = (await rl.question(`${q.question} [${q.fallback}]: `)).trim();
      answers[q.key] = a === '' ? q.fallback : a;
    }
  } finally {
    rl.close();
  }
  return answers;
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
          llm: 'no',
          llmBaseUrl: 'http://127.0.0.1:11434/v1',
          llmModel: 'gpt-4o-mini',
        };
        if (!opts.yes) {
          if (!process.stdin.isTTY)
            throw new ValidationError('stdin is not a terminal, so init cannot ask its questions', {
              hint: 'pass --yes to accept the defaults',
            });
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
              { key: 'llm', question: 'Use an LLM endpoint for the agents? (yes/no)', fallback: 'no' },
            ])),
          };
          if (/^y/i.test(answers.llm)) {
            answers = {
              ...answers,
              ...(await ask([
                { key: 'llmBaseUrl', question: 'OpenAI-compatible base URL', fallback: answers.llmBaseUrl },
                { key: 'llmModel', question: 'Model', fallback: answers.llmModel },
              ])),
            };
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
          llm: {
            enabled: /^y/i.test(answers.llm),
            baseUrl: answers.llmBaseUrl,
            model: answers.llmModel,
            apiKeyEnv: 'OPENTRADE_LLM_API_KEY',
            timeoutMs: 30000,
          },
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
        printLine('next: opentrade up');
      }),
    );
}
