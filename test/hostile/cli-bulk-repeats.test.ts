/**
 * The same id given more than once in one run (a list pasted twice, `cat a.txt a.txt`): each id is
 * sent once per run, and the repeats are counted as such, not as failures. Proved on the server's
 * side (requests counted), by a server that refuses to stop a chat it has already stopped.
 */
import { describe, expect, it } from "vitest";
import { idsOf, lines, uuids } from "../cli/bulk-records.js";
import { envFor, runCli } from "../cli/run-cli.js";
import { fakeThuliumPerFile as faultServerPerFile } from "../fake-thulium/per-file.js";
import { type ReceivedRequest, type Reply, thuliumError } from "../fake-thulium/server.js";

const stoppedBefore = new Set<string>();
/** Stops a chat once; a chat already stopped is not found among the open ones. */
const stopOnce = (request: ReceivedRequest): Reply => {
  if (stoppedBefore.has(request.path)) return { status: 404, body: thuliumError("Conversation not found.", "req-404") };
  stoppedBefore.add(request.path);
  return { status: 204 };
};
const faults = faultServerPerFile(stopOnce);

describe("an id given three times in one run", () => {
  it("from stdin: sent once, the repeats counted as skipped; every chat stopped, exit 0", async () => {
    const ids = uuids(100);
    const run = await runCli(["stop", "-", "--max-retries", "0"], { env: envFor(faults.server.url), stdin: lines([...ids, ...ids.slice().reverse(), ...ids]) });
    expect(run).toEqual({ code: 0, stdout: "stopped 100, failed 0, skipped 200 repeated\n", stderr: "" });
    const sent = idsOf(faults.server.requests);
    expect(sent).toHaveLength(100);
    expect(new Set(sent)).toEqual(new Set(ids));
  });

  it("as arguments, with --json: one record per id, and the repeats counted on stderr", async () => {
    const [a, b] = uuids(2) as [string, string];
    const run = await runCli(["stop", a, b, a, a, b, "--json", "--max-retries", "0"], { env: envFor(faults.server.url) });
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line))
        .sort((x, y) => x.id.localeCompare(y.id)),
    ).toEqual([a, b].sort().map((id) => ({ id, ok: true })));
    expect(run.stderr).toBe("stopped 2, failed 0, skipped 3 repeated\n");
    expect(faults.server.requests).toHaveLength(2);
  });
});
