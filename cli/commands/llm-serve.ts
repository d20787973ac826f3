// `opentrade llm serve`: the local model on its own, in the foreground; `opentrade up` runs this same
// command as a supervised child when llm.provider is `local`.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { LocalModelSchema, type LocalModelConfig } from '../../core/config/llm-config-schema';
import { DomainError, ValidationError } from '../../core/errors';
import { resolveModelPath } from '../../infra/local-llm/model-file';
import { serveLocalModel, START_REFUSED_EXIT } from '../../infra/local-llm/serve-local-model';
import { loadConfig } from '../../infra/stack/config/load';
import { configPath, dataDir } from '../../infra/stack/config/paths';
import { errorReport } from '../util/error-report';
import { printLine } from '../util/output';

interface ServeFlags {
  model?: string;
  port?: string;
  contextSize?: string;
  sequences?: string;
  threads?: string;
}

function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ValidationError(`--${name} "${value}" is not a whole number`);
  return Number(value);
}

/** The config's llm.local with the flags over it, checked by the same schema as the config file. */
function settings(flags: ServeFlags): { modelPath: string; config: LocalModelConfig } {
  const fromFile = existsSync(configPath()) ? loadConfig().llm.local : LocalModelSchema.parse({});
  const merged = {
    ...fromFile,
    ...Object.fromEntries(
      Object.entries({
        port: intFlag('port', flags.port),
        contextSize: intFlag('context-size', flags.contextSize),
        sequences: intFlag('sequences', flags.sequences),
        threads: intFlag('threads', flags.threads),
      }).filter(([, v]) => v !== undefined),
    ),
  };
  const parsed = LocalModelSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`,
    );
  }
  const modelPath = flags.model
    ? resolveModelPath({ model: flags.model }, process.cwd())
    : resolveModelPath(parsed.data, dataDir());
  return { modelPath, config: parsed.data };
}

export function registerLlmServeCommand(llm: Command): void {
  llm
    .command('serve')
    .description(
      'serve a local GGUF model over the OpenAI chat API on 127.0.0.1 (what `opentrade up` runs for llm.provider local)',
    )
    .option(
      '--model <file>',
      'the GGUF file (default llm.local.model, else the model `opentrade setup --llm` installs)',
    )
    .option('--port <port>', 'port on 127.0.0.1 (default llm.local.port, 18792)')
    .option('--context-size <tokens>', 'tokens a prompt and its answer may hold (default llm.local.contextSize, 4096)')
    .option('--sequences <n>', 'generations at once (default llm.local.sequences, 1)')
    .option('--threads <n>', 'CPU threads (default llm.local.threads, else half the cores)')
    .action(async (flags: ServeFlags) => {
      const log = (l: string) => printLine(`[llm] ${l}`);
      let serving;
      try {
        serving = await serveLocalModel({ ...settings(flags), log });
      } catch (e) {
        const { exitCode, line } = errorReport(e);
        process.stderr.write(`${line}\n`);
        process.exit(e instanceof DomainError ? START_REFUSED_EXIT : exitCode);
      }
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: stopping`);
        void serving.close().then(() => process.exit(0));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
