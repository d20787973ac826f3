/** Bad optimizer input: an empty or inverted parameter space, impossible settings, bad windows. */
export class OptimizerInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'OptimizerInputError';
  }
}
