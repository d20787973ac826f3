import { ValidationError, type DomainErrorDetails } from '../errors';

/** Bad optimizer input: an empty or inverted parameter space, impossible settings, bad windows. */
export class OptimizerInputError extends ValidationError {
  constructor(message: string, details: DomainErrorDetails = {}) {
    super(message, details);
  }
}
