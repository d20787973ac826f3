/** The gateway logs through this so a host process (CLI, `opentrade up`, tests) decides where lines go. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (m) => process.stdout.write(`[gateway] ${m}\n`),
  warn: (m) => process.stderr.write(`[gateway] warn: ${m}\n`),
  error: (m) => process.stderr.write(`[gateway] error: ${m}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
