import { RefusedError } from '../../../core/errors';

/**
 * Bad evolution input found before anything runs: empty space, bad windows, no data. Its name is the
 * failure type the evolution activities' retry policy treats as final.
 */
export class EvolutionInputError extends RefusedError {}
