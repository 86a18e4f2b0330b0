// The one error type operation handlers, the SigV4 verifier and the HTTP front throw for a
// modelled AWS error; wire-errors.ts puts it on the wire.

/**
 * A modelled service error. Each protocol serializes it the way every real client reads it
 * (see wire-errors.ts); `code` is the bare shape name, e.g. `InvalidParameterException`.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
