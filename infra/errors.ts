/** An error meant for a person: what went wrong, where, and how to fix it. The CLI prints it as one line. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
