export * from './config';
export * from './engine';
export * from './engine-state';
export * from './trade';
export * from './run-backtest';
export * from './backtest-errors';
export * from './report';
export * from './format-report';
