import { RefusedError } from '../errors';

export class UnknownStrategyError extends RefusedError {
  constructor(id: string, valid: readonly string[]) {
    super(`unknown strategy "${id}"; valid strategies: ${valid.join(', ')} (or a path to a .ts/.js strategy file)`, {
      field: 'strategy',
    });
  }
}

export class StrategyParamsError extends RefusedError {
  constructor(strategyId: string, detail: string) {
    super(`strategy ${strategyId}: ${detail}`, { field: 'params' });
  }
}

export class StrategyLoadError extends RefusedError {
  constructor(path: string, detail: string) {
    super(`strategy file ${path}: ${detail}`, { field: 'strategy' });
  }
}
