/** What bulk-run tests read back: ids to send, the ids a server received, a journal's records and a summary's counts. */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ReceivedRequest } from "../fake-thulium/server.js";

export const uuids = (n: number): string[] => Array.from({ length: n }, () => randomUUID());

/** The ids as stdin: one a line. */
export const lines = (ids: readonly string[]) => `${ids.join("\n")}\n`;

/** The id in each request's path, in the order they arrived. */
export const idsOf = (requests: readonly ReceivedRequest[]) => requests.map((r) => /[0-9a-f-]{36}/.exec(r.path)?.[0] as string);

/** The journal's id records; a torn line is skipped, as the CLI does. */
export function records(path: string): { id: string; ok: boolean; error?: { type: string } }[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    })
    .filter((r) => typeof r.id === "string");
}

/** The ids the journal records as done. */
export const okIds = (path: string) =>
  new Set(
    records(path)
      .filter((r) => r.ok)
      .map((r) => r.id),
  );

/** The counts line of a stopped `stop` run's summary. */
export function counts(stderr: string) {
  const m = /^stopped (\d+), failed (\d+), in flight with an unknown outcome (\d+), not sent (\d+)$/m.exec(stderr);
  if (!m) throw new Error(`no counts line in:\n${stderr}`);
  return { done: Number(m[1]), failed: Number(m[2]), unknown: Number(m[3]), notSent: Number(m[4]) };
}
