/**
 * A bulk run's circuit breaker: so many connection failures or timeouts in a
 * row, across all calls, and the server is taken to be gone. Any answer from
 * the server, even an error status, closes it again.
 */
export class Breaker {
  private failuresInRow = 0;
  /** The failure that opened the breaker. */
  lastFailure: unknown;

  constructor(readonly threshold: number) {}

  answered(): void {
    this.failuresInRow = 0;
  }

  /** Records a connection failure or timeout; true when the breaker opens. */
  failed(error: unknown): boolean {
    this.lastFailure = error;
    return ++this.failuresInRow >= this.threshold;
  }
}
