// What an operation handler is: the shape every service module exports and the HTTP front calls,
// with who the verified request came from and the call's context.

/** Who a verified request came from. */
export interface Principal {
  readonly accessKeyId: string;
  /** Set for identity-bound credentials; undefined means developer credentials (full access). */
  readonly identityId?: string;
  /** The identity pool of `identityId`: the bound credentials reach no other pool. */
  readonly identityPoolId?: string;
}

/** What an operation handler gets besides its input. */
export interface OperationContext {
  readonly principal: Principal;
  readonly requestId: string;
  readonly now: Date;
  /**
   * Present when an `emptyPageRate` fault fired on this call. A list operation that honours it
   * answers no items and a next token for the position it was asked for, and calls `applied()`.
   */
  readonly emptyPage?: { applied(): void };
}

/** One operation: the decoded input (model member names) in, the output members out. */
export type OperationHandler = (input: Record<string, unknown>, ctx: OperationContext) => unknown;

/** A service as the HTTP front sees it: its handlers by operation name. */
export interface ServiceModule {
  readonly operations: Readonly<Record<string, OperationHandler>>;
}
