export * from './macro-calendar';
export * from './default-calendar';
