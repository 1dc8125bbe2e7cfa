// The one error of the timing-table parser: unusable input, with the line it was found on when known.

export class ManualTableError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "ManualTableError";
  }
}
