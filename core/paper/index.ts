// The paper broker: a pure, deterministic engine. Every operation takes a state and returns a new
// one with the fills and funding it produced; persistence and price feeds live outside core/.
export * from './types';
export { createPaperState, pruneClosedOrders } from './state';
export { placeOrder, placeProtectionOrder, cancelOrder, setLeverage, type QuoteContext } from './orders';
export { processCandle, type CandleContext } from './candle';
export { balancesView, positionsView, toOrder, withMarks } from './views';
export { liquidationPrice } from './liquidation';
