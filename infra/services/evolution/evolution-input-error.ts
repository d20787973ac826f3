/** Bad evolution input found before anything runs: unknown strategy, empty space, no data. */
export class EvolutionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvolutionInputError';
  }
}
