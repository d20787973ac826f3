// `opentrade llm serve`: check the file and the port, load the model, listen. Each refusal is a
// DomainError naming what and how to fix it; the CLI exits with START_REFUSED_EXIT on them, which
// tells `opentrade up` that restarting would only fail the same way.
import type { Server } from 'node:http';
import type { LocalModelConfig } from '../../core/config/llm-config-schema';
import { ConflictError } from '../../core/errors';
import { localModelUrl } from '../../core/llm/resolve-endpoint';
import { isPortOpen } from '../stack/net';
import { loadLocalModel, type LocalModel } from './local-model';
import { checkModelFile } from './model-file';
import { listen, LOOPBACK, modelServerApp } from './model-server';

/** sysexits' EX_CONFIG: the configuration is wrong, not the moment. */
export const START_REFUSED_EXIT = 78;

export interface ServingModel {
  url: string;
  model: LocalModel;
  close(): Promise<void>;
}

function portInUse(port: number): ConflictError {
  return new ConflictError(`port ${port} is in use, so the local model cannot listen on it`, {
    hint: 'stop what listens there, or set llm.local.port (`opentrade config set llm.local.port <port>`)',
  });
}

export async function serveLocalModel(o: {
  modelPath: string;
  config: LocalModelConfig;
  log: (line: string) => void;
}): Promise<ServingModel> {
  checkModelFile(o.modelPath);
  if (await isPortOpen(o.config.port, LOOPBACK)) throw portInUse(o.config.port);
  const started = performance.now();
  const model = await loadLocalModel({ modelPath: o.modelPath, config: o.config });
  o.log(
    `loaded ${o.modelPath} in ${Math.round(performance.now() - started)} ms: context ${model.contextSize} tokens, ${model.sequences} sequence(s), ${model.threads} thread(s)`,
  );
  let server: Server;
  try {
    server = await listen(modelServerApp(model, o.log), o.config.port);
  } catch (e) {
    await model.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse(o.config.port);
    throw e;
  }
  const url = localModelUrl(o.config.port);
  o.log(`serving the OpenAI chat API at ${url}`);
  return {
    url,
    model,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await model.close();
    },
  };
}
