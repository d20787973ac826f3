// Packs the durable backtest's typed arrays into bytea and back. Native byte order (little-endian on
// every platform Node ships for), one array after another; decoding copies, since a driver's Buffer
// is rarely 8-byte aligned.
import { allocateCandleSeries, type CandleSeries } from '../../../../core/candles/series';
import type { AdviceBuffer } from '../../../../core/strategies/advice';

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

function alignedCopy(bytes: Uint8Array, offset: number, length: number): ArrayBuffer {
  const out = new ArrayBuffer(length);
  new Uint8Array(out).set(bytes.subarray(offset, offset + length));
  return out;
}

export function float64ToBytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function bytesToFloat64(bytes: Uint8Array, offset = 0, count = (bytes.byteLength - offset) / 8): Float64Array {
  if (!Number.isInteger(count) || offset + count * 8 > bytes.byteLength)
    throw new RangeError(`stored array of ${bytes.byteLength} bytes cannot hold ${count} float64 at ${offset}`);
  return new Float64Array(alignedCopy(bytes, offset, count * 8));
}

export function encodeSeries(s: CandleSeries): Buffer {
  return Buffer.concat(FIELDS.map((f) => float64ToBytes(s[f])));
}

export function decodeSeries(bytes: Uint8Array, length: number): CandleSeries {
  if (bytes.byteLength !== length * 8 * FIELDS.length)
    throw new RangeError(`stored series has ${bytes.byteLength} bytes, expected ${length * 48} for ${length} candles`);
  const s = allocateCandleSeries(length);
  FIELDS.forEach((f, k) => s[f].set(bytesToFloat64(bytes, k * length * 8, length)));
  return s;
}

export function encodeAdvice(a: AdviceBuffer): Buffer {
  const parts: Buffer[] = [
    Buffer.from([a.stopLossPct || a.takeProfitPct ? 1 : 0]),
    Buffer.from(a.action.buffer, a.action.byteOffset, a.action.byteLength),
  ];
  if (a.stopLossPct || a.takeProfitPct) {
    const n = a.action.length;
    parts.push(
      float64ToBytes(a.stopLossPct ?? new Float64Array(n).fill(NaN)),
      float64ToBytes(a.takeProfitPct ?? new Float64Array(n).fill(NaN)),
    );
  }
  return Buffer.concat(parts);
}

export function decodeAdvice(bytes: Uint8Array, length: number): AdviceBuffer {
  const overrides = bytes[0] === 1;
  const expected = 1 + length + (overrides ? 16 * length : 0);
  if (bytes.byteLength !== expected)
    throw new RangeError(`stored advice has ${bytes.byteLength} bytes, expected ${expected} for ${length} candles`);
  const action = new Int8Array(alignedCopy(bytes, 1, length));
  if (!overrides) return { action, stopLossPct: null, takeProfitPct: null };
  return {
    action,
    stopLossPct: bytesToFloat64(bytes, 1 + length, length),
    takeProfitPct: bytesToFloat64(bytes, 1 + 9 * length, length),
  };
}
