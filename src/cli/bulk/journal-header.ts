/**
 * A journal's first line: what the journal is of (the operation and the
 * shared parameters) and where its calls went (the target), so that it is
 * never resumed by a different command, nor against another system: ids
 * done on staging are not done on production.
 */
import { resolveBaseUrl, type ThuliumClientOptions } from "../../client/options.js";

/** Where a run's calls go, and as whom. */
export interface JournalTarget {
  /** The base URL calls go to, as the client resolves it: `--system acme` is `https://acme.thulium.com/api`. */
  baseUrl: string;
  user: string;
}

/** What a journal is of: the first line of the file, with `journal` its format. */
export interface JournalScope {
  operation: string;
  params: Readonly<Record<string, unknown>>;
  target: JournalTarget;
}

/** The journal format; 1 had no target, and is refused (a run cannot tell which system it was written against). */
export const FORMAT = 2;

/** The first line of a journal of `scope`. */
export interface JournalHeader {
  journal: typeof FORMAT;
  operation: string;
  params: Record<string, unknown>;
  target: JournalTarget;
}

export function journalHeader(scope: JournalScope): JournalHeader {
  return { journal: FORMAT, operation: scope.operation, params: sorted(scope.params), target: scope.target };
}

/** The target of a client made with `options`. */
export function journalTarget(options: ThuliumClientOptions): JournalTarget {
  return { baseUrl: resolveBaseUrl(options), user: options.username ?? "" };
}

/** The object with its keys sorted, so that two runs' parameters compare equal however they were given. */
export function sorted(params: unknown): Record<string, unknown> {
  const object = (params && typeof params === "object" ? params : {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, object[k]]),
  );
}
