export * from './gaps';
export * from './candle-store';
export * from './sync-candles';
export * from './import-export';
export * from './market-cache';
