// The gateway's one mapping from domain errors (and outages named by the libraries' own error
// classes and codes) to HTTP answers.
import { ServiceError } from '@temporalio/client';
import { InsufficientDataError } from '../../../core/backtest/backtest-errors';
import { BacktestConfigError } from '../../../core/backtest/config';
import {
  ConfirmationRequiredError,
  ConflictError,
  NotFoundError,
  RefusedError,
  UnavailableError,
  ValidationError,
  type DomainError,
} from '../../../core/errors';
import { ExchangeError } from '../../../core/exchange/types';
import { UnknownStrategyError } from '../../../core/strategies/strategy-errors';
import { domainAnswer } from '../../../api/http/domain-errors';
import { Prisma } from '../../../infra/adapters/db';
import { EvolutionInputError } from '../../../infra/services/evolution/evolution-input-error';

const answer = (e: unknown) => {
  const a = domainAnswer(e);
  return a && { status: a.status, code: a.code, message: a.message, paths: a.issues?.map((i) => i.path) };
};

describe('domain error → HTTP status, code and field', () => {
  it.each<[string, DomainError, number, string, string[] | undefined]>([
    [
      'ValidationError',
      new ValidationError('cron expression "x" does not parse', { field: 'cron' }),
      400,
      'invalid_request',
      ['cron'],
    ],
    [
      'ConfirmationRequiredError',
      new ConfirmationRequiredError('live mode trades real money', { field: 'confirmLive' }),
      400,
      'confirmation_required',
      ['confirmLive'],
    ],
    ['NotFoundError', new NotFoundError('no backtest "x"'), 404, 'not_found', undefined],
    ['ConflictError', new ConflictError('session "s" has ended'), 409, 'conflict', undefined],
    [
      'RefusedError',
      new RefusedError('symbol "DOGE/EUR" is not listed on sim', { field: 'symbols' }),
      422,
      'unprocessable',
      ['symbols'],
    ],
    ['UnavailableError', new UnavailableError('Temporal', 'Temporal is unreachable'), 503, 'unavailable', undefined],
    [
      'ExchangeError (venue rejection)',
      new ExchangeError('insufficient_funds', 'binance', 'binance InsufficientFunds: balance'),
      422,
      'unprocessable',
      undefined,
    ],
    [
      'ExchangeError (network)',
      new ExchangeError('network', 'binance', 'binance RequestTimeout'),
      503,
      'unavailable',
      undefined,
    ],
    ['UnknownStrategyError', new UnknownStrategyError('moon', ['ema-cross']), 422, 'unprocessable', ['strategy']],
    ['InsufficientDataError', new InsufficientDataError(30, 5, 'ema-cross'), 422, 'unprocessable', undefined],
    ['BacktestConfigError', new BacktestConfigError('fee', 'must be in 0..0.1'), 400, 'invalid_request', ['fee']],
    [
      'EvolutionInputError',
      new EvolutionInputError('no candles for sim BTC/USDT 1h', { field: 'symbol' }),
      422,
      'unprocessable',
      ['symbol'],
    ],
  ])('%s', (_name, error, status, code, paths) => {
    expect(answer(error)).toEqual({ status, code, message: error.message, paths });
  });

  it('adds the hint to the message and keeps the issue to the error itself', () => {
    const a = domainAnswer(
      new RefusedError('timeframe "7m" is not supported by sim', { field: 'timeframe', hint: 'supported: 1m, 5m' }),
    )!;
    expect(a.message).toBe('timeframe "7m" is not supported by sim (supported: 1m, 5m)');
    expect(a.issues).toEqual([{ path: 'timeframe', message: 'timeframe "7m" is not supported by sim' }]);
  });

  it('keeps the type names Temporal sees for non-retryable failures', () => {
    expect(new EvolutionInputError('x').name).toBe('EvolutionInputError');
    expect(new ExchangeError('duplicate_order', 'binance', 'x').name).toBe('ExchangeError(duplicate_order)');
  });
});

describe('outages recognised by the libraries, never by wording', () => {
  const prisma = (code: string) =>
    new Prisma.PrismaClientKnownRequestError("Can't reach database server", {
      code,
      clientVersion: Prisma.prismaVersion.client,
    });
  const grpc = (code: number) =>
    Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code,
      details: 'No connection established',
      metadata: {},
    });

  it('Prisma P1001 / P1017 and an initialization error are the database', () => {
    for (const e of [
      prisma('P1001'),
      prisma('P1017'),
      new Prisma.PrismaClientInitializationError('x', Prisma.prismaVersion.client),
    ]) {
      expect(answer(e)).toMatchObject({
        status: 503,
        code: 'unavailable',
        message: expect.stringMatching(/^the database is unreachable/),
      });
    }
    expect(answer(prisma('P2002'))).toBeUndefined();
  });

  it('PostgreSQL starting or shutting down (SQLSTATE 57P03 / 57P01) is the database', () => {
    expect(answer(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))?.message).toMatch(
      /^the database is unreachable/,
    );
  });

  it('a gRPC UNAVAILABLE or DEADLINE_EXCEEDED under a Temporal ServiceError is Temporal', () => {
    expect(answer(new ServiceError('Failed to query workflow', { cause: grpc(14) }))).toMatchObject({
      status: 503,
      message: expect.stringMatching(/^Temporal is unreachable/),
    });
    expect(answer(grpc(4))?.status).toBe(503);
    expect(answer(new ServiceError('Failed to start workflow', { cause: grpc(3) }))).toBeUndefined();
  });

  it('a refused socket anywhere on the cause chain names the address', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(answer(new Error('query failed', { cause: socket }))).toMatchObject({
      status: 503,
      message: expect.stringContaining('connect ECONNREFUSED 127.0.0.1:5432'),
    });
  });

  it('an UnavailableError wrapped by a caller keeps its dependency', () => {
    const inner = new UnavailableError('Temporal', 'Temporal at 127.0.0.1:1 is unreachable');
    expect(answer(new Error('handler failed', { cause: inner }))?.message).toBe(
      'Temporal at 127.0.0.1:1 is unreachable',
    );
  });

  it('the wording alone decides nothing', () => {
    expect(
      answer(new Error("PrismaClientInitializationError P1001 Can't reach database server ECONNREFUSED UNAVAILABLE")),
    ).toBeUndefined();
    expect(answer(new Error('live mode trades real money and needs --confirm-live'))).toBeUndefined();
  });
});
