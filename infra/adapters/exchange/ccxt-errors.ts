// The single place where ccxt's error hierarchy becomes our ExchangeError kinds. Order matters:
// ccxt's classes nest (OrderNotFound ⊂ InvalidOrder, PermissionDenied ⊂ AuthenticationError,
// BadSymbol ⊂ BadRequest, RateLimitExceeded ⊂ NetworkError), so the most specific class comes first.
import ccxt from 'ccxt';
import { redactSecrets } from '../../../core/security/redact-secrets';
import { ExchangeError, type ExchangeErrorKind } from '../../../core/exchange/types';

type ErrorClass = abstract new (...args: never[]) => Error;

const TABLE: [ErrorClass, ExchangeErrorKind][] = [
  [ccxt.OrderNotFound, 'order_not_found'],
  [ccxt.DuplicateOrderId, 'duplicate_order'],
  [ccxt.InsufficientFunds, 'insufficient_funds'],
  [ccxt.BadSymbol, 'bad_symbol'],
  [ccxt.InvalidOrder, 'invalid_order'],
  [ccxt.PermissionDenied, 'permission_denied'],
  [ccxt.AccountSuspended, 'permission_denied'],
  [ccxt.AuthenticationError, 'authentication'],
  [ccxt.NotSupported, 'not_supported'],
  // NetworkError family: RequestTimeout, RateLimitExceeded, DDoSProtection, ExchangeNotAvailable
  // (incl. OnMaintenance and HTTP 5xx), InvalidNonce (clock drift: a fresh timestamp can succeed).
  [ccxt.NetworkError, 'network'],
  // OperationFailed (NetworkError's parent): the venue answered but could not tell whether it acted,
  // e.g. Binance -1000/-1001/-1006 "execution status unknown", often with HTTP 5xx. Retryable; for
  // orders the retry looks the clientOrderId up first.
  [ccxt.OperationFailed, 'network'],
];

// Some venue answers reach us as a generic ccxt class (ccxt's Binance tables even differ by API host),
// so these are recognised by the venue's own wording, before the class table. Never applied to
// network errors: those did not get a venue verdict.
const VENUE_PATTERNS: [RegExp, ExchangeErrorKind][] = [
  [/Duplicate order sent/i, 'duplicate_order'], // Binance spot -2010
  [/"code":\s*-4116\b/, 'duplicate_order'], // Binance USDⓈ-M DUPLICATED_CLIENT_ORDER_ID
  [/duplicate.*client.?order.?id|client.?order.?id.*(already|duplicate)/i, 'duplicate_order'],
  [/cloid.*(already|duplicate)|duplicate.*cloid/i, 'duplicate_order'], // Hyperliquid
  [/Filter failure|"code":\s*-1013\b/, 'invalid_order'], // Binance LOT_SIZE / PRICE_FILTER / NOTIONAL
  [/notional must be no smaller|"code":\s*-4164\b/i, 'invalid_order'], // Binance USDⓈ-M minimum notional
  [/Margin is insufficient|"code":\s*-2019\b/i, 'insufficient_funds'], // Binance USDⓈ-M
  [/insufficient balance/i, 'insufficient_funds'],
  // Hyperliquid's answer to a signature from an unknown key (ccxt: InvalidOrder): wrong private key
  // or an API wallet the account never approved.
  [/User or API Wallet .* does not exist/i, 'authentication'],
  // Binance "server busy / internal error / execution status unknown": only some ccxt tables map them.
  [/"code":\s*-100[01678]\b/, 'network'],
];

// Venue bodies echo request URLs; signatures and keys in them are credentials or derived from them.
/** ccxt prefixes messages with its exchange id; the venue's own text is what an operator needs. */
function venueMessage(error: Error, exchangeId: string): string {
  const message = error.message || error.name;
  return message.startsWith(`${exchangeId} `) ? message.slice(exchangeId.length + 1) : message;
}

export function mapCcxtError(
  error: unknown,
  exchangeId: string,
  secrets: readonly (string | undefined)[] = [],
): ExchangeError {
  if (error instanceof ExchangeError) return error;
  if (!(error instanceof Error)) {
    return new ExchangeError('exchange', exchangeId, redactSecrets(`${exchangeId}: ${String(error)}`, secrets));
  }
  const raw = venueMessage(error, exchangeId);
  const message = redactSecrets(`${exchangeId} ${error.constructor.name}: ${raw}`, secrets);
  if (!(error instanceof ccxt.NetworkError)) {
    const venueKind = VENUE_PATTERNS.find(([pattern]) => pattern.test(raw))?.[1];
    if (venueKind) return new ExchangeError(venueKind, exchangeId, message);
  }
  for (const [cls, kind] of TABLE) {
    if (error instanceof cls) return new ExchangeError(kind, exchangeId, message);
  }
  // Errors raised by the socket itself (not wrapped by ccxt) are transient too.
  const code = (error as NodeJS.ErrnoException).code;
  if (code && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR_.*)$/.test(code)) {
    return new ExchangeError('network', exchangeId, message);
  }
  return new ExchangeError('exchange', exchangeId, message);
}
