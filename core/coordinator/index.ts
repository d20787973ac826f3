export * from './decision';
export * from './coordinator-config';
export * from './coordinate';
