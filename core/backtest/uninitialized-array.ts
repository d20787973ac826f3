/**
 * A Float64Array of `length` whose every element the caller is about to write (the equity curve,
 * marked at every close). Under Node its memory comes without the zero fill a `new Float64Array`
 * pays for (a pass over 8 MB per million candles); elsewhere (a browser, a workflow sandbox) it is
 * an ordinary zeroed array. Its contents are unspecified until written: never hand it out before.
 */
type UnsafeAllocator = { allocUnsafeSlow(size: number): Uint8Array };

const nodeBuffer = (globalThis as { Buffer?: UnsafeAllocator }).Buffer;

export function float64ArrayToOverwrite(length: number): Float64Array {
  if (nodeBuffer === undefined || typeof nodeBuffer.allocUnsafeSlow !== 'function' || length === 0)
    return new Float64Array(length);
  const bytes = nodeBuffer.allocUnsafeSlow(length * 8);
  return new Float64Array(bytes.buffer, bytes.byteOffset, length);
}
