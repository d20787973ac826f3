import { ValidationError } from '../errors';

/** A protections setting out of range or unknown; `field` is its dotted path in the config. */
export class ProtectionsConfigError extends ValidationError {
  declare readonly field: string;

  constructor(
    field: string,
    /** The problem without the field's name, for callers that name the field their own way (a CLI flag). */
    readonly detail: string,
    /** What the message names: the config path unless a caller has a nearer name for it. */
    subject: string = field,
    hint?: string,
  ) {
    super(`${subject}: ${detail}`, { field, hint });
  }
}
