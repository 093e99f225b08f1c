/**
 * Run before each file of the `prism` project (vitest.config.ts): waits until the Prism that test/prism-mock.ts
 * started accepts connections, so that its start overlaps the other projects' tests instead of delaying them.
 */
import { inject } from "vitest";
import { accepts } from "../scripts/dev/prism.js";

const port = inject("prismPort");
const WAIT_MS = 60_000;

const deadline = Date.now() + WAIT_MS;
while (!(await accepts("127.0.0.1", port))) {
  if (Date.now() > deadline)
    throw new Error(`Prism did not accept connections on 127.0.0.1:${port} within ${WAIT_MS / 1000} s (its error is reported at the end of the run)`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
