// The CLI's one mapping from an error to its exit code and the one line it prints.
import {
  ConfirmationRequiredError,
  ConflictError,
  NotFoundError,
  RefusedError,
  UnavailableError,
  ValidationError,
} from '../../../core/errors';
import { ExchangeError } from '../../../core/exchange/types';
import { EXIT_UNEXPECTED, errorReport } from '../../../cli/util/error-report';
import { asUnavailable } from '../../../infra/errors';

describe('errorReport', () => {
  it.each([
    ['ValidationError', new ValidationError('--limit must be a positive integer, got "0"'), 1],
    ['RefusedError', new RefusedError('symbol "NOPE/USDT" is not listed on sim'), 1],
    ['ConfirmationRequiredError', new ConfirmationRequiredError('kill not confirmed: nothing was done'), 1],
    ['NotFoundError', new NotFoundError('unknown backtest run bt1'), 1],
    ['ConflictError', new ConflictError('config file x already exists'), 1],
    [
      'ExchangeError (venue rejection)',
      new ExchangeError('invalid_order', 'binance', 'binance InvalidOrder: LOT_SIZE'),
      1,
    ],
    ['UnavailableError', new UnavailableError('Temporal', 'cannot reach Temporal at 127.0.0.1:7233'), 69],
    ['ExchangeError (network)', new ExchangeError('network', 'binance', 'binance RequestTimeout'), 69],
  ])('%s', (_name, error, exitCode) => {
    expect(errorReport(error)).toEqual({ exitCode, line: `opentrade: ${error.message}` });
  });

  it('puts the hint after the message on the same line', () => {
    const e = new RefusedError('symbol "NOPE/USDT" is not listed on sim', { hint: 'some listed symbols: BTC/USDT' });
    expect(errorReport(e).line).toBe(
      'opentrade: symbol "NOPE/USDT" is not listed on sim — some listed symbols: BTC/USDT',
    );
  });

  it('prints any other error as one line with the unexpected exit code', () => {
    expect(errorReport(new Error('Invalid `prisma.candle.findMany()` invocation:\n\n  boom\n'))).toEqual({
      exitCode: EXIT_UNEXPECTED,
      line: 'opentrade: Invalid `prisma.candle.findMany()` invocation: boom',
    });
    expect(errorReport('plain text')).toEqual({ exitCode: EXIT_UNEXPECTED, line: 'opentrade: plain text' });
  });

  it('turns an outage no command wrapped into the unavailable exit code', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(errorReport(socket, asUnavailable)).toEqual({
      exitCode: 69,
      line: 'opentrade: a dependency is unreachable: connect ECONNREFUSED 127.0.0.1:5432 — start the stack (`opentrade up`)',
    });
    expect(errorReport(socket).exitCode).toBe(EXIT_UNEXPECTED);
  });
});
