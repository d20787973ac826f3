export class UnknownStrategyError extends Error {
  constructor(id: string, valid: readonly string[]) {
    super(`unknown strategy "${id}"; valid strategies: ${valid.join(', ')} (or a path to a .ts/.js strategy file)`);
    this.name = 'UnknownStrategyError';
  }
}

export class StrategyParamsError extends Error {
  constructor(strategyId: string, detail: string) {
    super(`strategy ${strategyId}: ${detail}`);
    this.name = 'StrategyParamsError';
  }
}

export class StrategyLoadError extends Error {
  constructor(path: string, detail: string) {
    super(`strategy file ${path}: ${detail}`);
    this.name = 'StrategyLoadError';
  }
}
