export * from './series';
export * from './candle-error';
export * from './parse-csv';
export * from './parse-json';
export * from './parse-time';
export * from './timeframe';
export * from './validate-candle';
