import ccxt from 'ccxt';
import { ExchangeError, type ExchangeErrorKind } from '../../../core/exchange/types';
import { isRetryable } from '../../../core/exchange/retryable';
import { mapCcxtError } from '../../../infra/adapters/exchange/ccxt-errors';
import { redactSecrets } from '../../../core/security/redact-secrets';

// [ccxt class, venue message, expected kind]: the whole retry policy lives in this table.
const CASES: [string, new (msg: string) => Error, string, ExchangeErrorKind][] = [
  ['RequestTimeout', ccxt.RequestTimeout, 'binance GET http://x/api/v3/order request timed out (1000 ms)', 'network'],
  [
    'RateLimitExceeded',
    ccxt.RateLimitExceeded,
    'binance {"code":-1003,"msg":"Too much request weight used"}',
    'network',
  ],
  ['DDoSProtection', ccxt.DDoSProtection, 'binance 418 I\'m a teapot {"code":-1003}', 'network'],
  ['ExchangeNotAvailable', ccxt.ExchangeNotAvailable, 'binance 503 Service Unavailable', 'network'],
  ['OnMaintenance', ccxt.OnMaintenance, 'binance System is under maintenance.', 'network'],
  [
    'InvalidNonce',
    ccxt.InvalidNonce,
    'binance {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}',
    'network',
  ],
  ['NetworkError', ccxt.NetworkError, 'binance socket hang up', 'network'],
  [
    'OperationFailed (status unknown)',
    ccxt.OperationFailed,
    'binance {"code":-1006,"msg":"Unexpected response. Execution status unknown."}',
    'network',
  ],
  [
    'InsufficientFunds',
    ccxt.InsufficientFunds,
    'binance Account has insufficient balance for requested action.',
    'insufficient_funds',
  ],
  ['InvalidOrder', ccxt.InvalidOrder, 'binance {"code":-2010,"msg":"NEW_ORDER_REJECTED"}', 'invalid_order'],
  ['BadSymbol', ccxt.BadSymbol, 'binance {"code":-1121,"msg":"Invalid symbol."}', 'bad_symbol'],
  [
    'AuthenticationError',
    ccxt.AuthenticationError,
    'binance {"code":-1022,"msg":"Signature for this request is not valid."}',
    'authentication',
  ],
  [
    'PermissionDenied',
    ccxt.PermissionDenied,
    'binance This account may not place or cancel orders.',
    'permission_denied',
  ],
  ['OrderNotFound', ccxt.OrderNotFound, 'binance {"code":-2013,"msg":"Order does not exist."}', 'order_not_found'],
  ['DuplicateOrderId', ccxt.DuplicateOrderId, 'okx clOrdId already exists', 'duplicate_order'],
  [
    'InvalidOrder duplicate (spot)',
    ccxt.InvalidOrder,
    'binance {"code":-2010,"msg":"Duplicate order sent."}',
    'duplicate_order',
  ],
  [
    'ExchangeError duplicate (futures)',
    ccxt.ExchangeError,
    'binance {"code":-4116,"msg":"ClientOrderId is duplicated."}',
    'duplicate_order',
  ],
  [
    'BadRequest filter failure',
    ccxt.BadRequest,
    'binance {"code":-1013,"msg":"Filter failure: NOTIONAL"}',
    'invalid_order',
  ],
  [
    'ExchangeError notional',
    ccxt.ExchangeError,
    'binance {"code":-4164,"msg":"Order\'s notional must be no smaller than 100 (unless you choose reduce only)."}',
    'invalid_order',
  ],
  [
    'OperationFailed margin',
    ccxt.OperationFailed,
    'binance {"code":-2019,"msg":"Margin is insufficient."}',
    'insufficient_funds',
  ],
  ['NotSupported', ccxt.NotSupported, 'binance fetchLeverageTiers() is not supported yet', 'not_supported'],
  [
    'ExchangeError server busy',
    ccxt.ExchangeError,
    'binance {"code":-1008,"msg":"Server is currently overloaded with other requests."}',
    'network',
  ],
  [
    'Hyperliquid unknown signer',
    ccxt.InvalidOrder,
    'hyperliquid {"status":"err","response":"User or API Wallet 0xb8a6f8b26223de27c31938d56e470a5b832703a5 does not exist."}',
    'authentication',
  ],
  [
    'Hyperliquid margin',
    ccxt.InsufficientFunds,
    'hyperliquid Insufficient margin to place order. asset=4',
    'insufficient_funds',
  ],
  ['plain ExchangeError', ccxt.ExchangeError, 'binance {"code":-9999,"msg":"something else"}', 'exchange'],
];

describe('mapCcxtError', () => {
  it.each(CASES)('%s → kind', (_name, Cls, message, kind) => {
    const mapped = mapCcxtError(new Cls(message), 'binance');
    expect(mapped).toBeInstanceOf(ExchangeError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.retryable).toBe(kind === 'network');
    expect(isRetryable(mapped)).toBe(kind === 'network');
    // the venue's own words survive, without ccxt's duplicated exchange prefix
    expect(mapped.message).toContain(message.replace(/^\w+ /, ''));
    expect(mapped.exchange).toBe('binance');
  });

  it('treats socket-level errors as retryable and unknown errors as non-retryable', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(mapCcxtError(reset, 'binance').kind).toBe('network');
    expect(mapCcxtError(new TypeError('x is undefined'), 'binance')).toMatchObject({
      kind: 'exchange',
      retryable: false,
    });
    expect(mapCcxtError('a string', 'binance')).toMatchObject({ kind: 'exchange', retryable: false });
  });

  it('never repeats a duplicate-looking network error as a duplicate (it may not have reached the venue)', () => {
    expect(
      mapCcxtError(
        new ccxt.RequestTimeout('binance POST .../order?newClientOrderId=dup Duplicate order sent'),
        'binance',
      ).kind,
    ).toBe('network');
  });

  it('removes secrets and signatures from messages', () => {
    const secret = 'S3CR3T-value-xyz';
    const mapped = mapCcxtError(
      new ccxt.RequestTimeout(`binance GET http://h/api/v3/order?timestamp=1&signature=abcdef0123 key ${secret}`),
      'binance',
      [secret],
    );
    expect(mapped.message).not.toContain(secret);
    expect(mapped.message).not.toContain('abcdef0123');
    expect(redactSecrets('apiKey=AAAA&x=1')).toBe('apiKey=[redacted]&x=1');
  });

  it('passes our own ExchangeError through unchanged', () => {
    const ours = new ExchangeError('invalid_order', 'binance', 'amount below minimum');
    expect(mapCcxtError(ours, 'binance')).toBe(ours);
  });
});
