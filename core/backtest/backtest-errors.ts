import { RefusedError } from '../errors';

export class InsufficientDataError extends RefusedError {
  constructor(needed: number, got: number, why: string) {
    super(`too little data: ${why} needs at least ${needed} candles, got ${got}`);
  }
}
