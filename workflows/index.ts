// The workflow bundle's entry: every workflow type the workers register.
export { systemCheck } from './system-check';
