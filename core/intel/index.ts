export * from './series';
export * from './observation';
export * from './provider';
export * from './intel-view';
export * from './intel-timeline';
export * from './intel-reader';
