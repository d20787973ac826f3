export class InsufficientDataError extends Error {
  constructor(needed: number, got: number, why: string) {
    super(`too little data: ${why} needs at least ${needed} candles, got ${got}`);
    this.name = 'InsufficientDataError';
  }
}
