// A mistake the user can fix (bad file, missing flag): printed as one line, no stack.
export class CliError extends Error {
  constructor(
    message: string,
    /** Extra lines printed under the message (e.g. one per spec problem). */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}
