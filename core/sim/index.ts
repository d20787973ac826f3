export * from './rng';
export * from './random-walk';
export * from './clock';
export * from './synthesize';
export * from './aggregate';
export * from './venue-quote';
