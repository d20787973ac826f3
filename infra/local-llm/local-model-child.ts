// The local model as a child of `opentrade up`: started when llm.provider is `local`, restarted when
// it crashes, never when it refused to start. A model that cannot start is one line in up's log and
// no failure of the stack: the agents then abstain or fall back as the config says.
import type { LlmConfig } from '../../core/config/llm-config-schema';
import { DomainError } from '../../core/errors';
import { localModelUrl } from '../../core/llm/resolve-endpoint';
import { isPortOpen } from '../stack/net';
import type { Supervisor } from '../stack/supervisor';
import { checkModelFile, resolveModelPath } from './model-file';
import { LOOPBACK } from './model-server';
import { START_REFUSED_EXIT } from './serve-local-model';

/** Loading a model of a few GB from a slow disk takes this long at most. */
const LOAD_TIMEOUT_MS = 180_000;

const lastLine = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .pop() ?? '';

export async function startLocalModelChild(o: {
  llm: LlmConfig;
  dataDir: string;
  supervisor: Supervisor;
  /** How to run `opentrade` itself: node and the CLI entry. */
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<string | undefined> {
  const { port } = o.llm.local;
  const modelPath = resolveModelPath(o.llm.local, o.dataDir);
  const notStarted = (why: string) => {
    o.log(`local model not started: ${why}; the rest of the stack runs, and the agents fall back as configured`);
    return undefined;
  };
  try {
    checkModelFile(modelPath);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return notStarted(`${e.message} — ${e.hint}`);
  }
  if (await isPortOpen(port, LOOPBACK))
    return notStarted(`port ${port} is in use — stop what listens there or set llm.local.port`);

  o.log(`starting the local model ${modelPath} on :${port}`);
  const url = localModelUrl(port);
  try {
    await o.supervisor.start({
      name: 'llm',
      command: o.command,
      args: [...o.args, 'llm', 'serve'],
      env: o.env,
      echo: true,
      ready: async () => (await fetch(`http://${LOOPBACK}:${port}/health`, { signal: AbortSignal.timeout(2000) })).ok,
      readyTimeoutMs: LOAD_TIMEOUT_MS,
      fatalExitCodes: [START_REFUSED_EXIT],
    });
  } catch (e) {
    const said = lastLine(o.supervisor.get('llm')?.lastOutput() ?? '');
    await o.supervisor.get('llm')?.stop();
    return notStarted(said || (e as Error).message);
  }
  return url;
}
