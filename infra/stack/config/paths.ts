import path from 'node:path';

/** The config file: OPENTRADE_CONFIG, else ./opentrade.config.json. */
export function configPath(): string {
  return path.resolve(process.env.OPENTRADE_CONFIG ?? 'opentrade.config.json');
}

/** The file secrets are loaded from: OPENTRADE_ENV_FILE, else .env beside the config file. */
export function envFilePath(): string {
  return path.resolve(process.env.OPENTRADE_ENV_FILE ?? path.join(path.dirname(configPath()), '.env'));
}

/** Where the embedded stack keeps its data: OPENTRADE_HOME, else .opentrade/ beside the config file. */
export function dataDir(): string {
  return path.resolve(process.env.OPENTRADE_HOME ?? path.join(path.dirname(configPath()), '.opentrade'));
}

/** The repository root (where package.json and node_modules live). */
export const projectRoot = path.resolve(__dirname, '..', '..', '..');
