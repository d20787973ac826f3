import { ValidationError } from '../errors';

/** A malformed candle input; `where` names the line (CSV) or item (JSON) so the user can fix the file. */
export class CandleDataError extends ValidationError {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`${where}: ${detail}`);
  }
}
