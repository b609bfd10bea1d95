/**
 * Errors split by who must act. Each carries the process exit code the CLI maps it to:
 * 0 ok, 1 a check failed, 2 bad input or usage, 3 internal error, 4 the strategy threw,
 * 5 a manifest or fingerprint mismatch.
 */
export const ExitCode = { Ok: 0, CheckFailed: 1, BadInput: 2, Internal: 3, StrategyThrew: 4, ManifestMismatch: 5 } as const;

export class VtradeError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** What the user can try next, shown under the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'VtradeError';
  }
}

/** The command line itself is wrong. */
export class UsageError extends VtradeError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.BadInput, hint);
    this.name = 'UsageError';
  }
}

/** An input file is missing or malformed. Names the file, line and field where known. */
export class InputError extends VtradeError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly detail: string,
    hint?: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}${field ? ` (${field})` : ''}: ${detail}`, ExitCode.BadInput, hint);
    this.name = 'InputError';
  }
}

/** A check the user asked for did not hold. */
export class CheckFailedError extends VtradeError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.CheckFailed, hint);
    this.name = 'CheckFailedError';
  }
}

/** A rerun does not match the manifest it was asked to reproduce. */
export class ManifestMismatchError extends VtradeError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.ManifestMismatch, hint);
    this.name = 'ManifestMismatchError';
  }
}
