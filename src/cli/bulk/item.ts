/** One value of a bulk run (an id), and what the run knows of it. */
export interface Item {
  readonly value: string;
  /** Why the value is not sent. */
  problem?: Error;
  retries: number;
  /** Requests sent for it, throttled ones included. */
  attempts: number;
  lastError?: unknown;
}

/** A value not yet tried; with a `problem`, one that will not be sent. */
export function newItem(value: string, problem?: Error): Item {
  return { value, problem, retries: 0, attempts: 0 };
}
