/** curl: credentials from the environment, TLS always verified (never `-k`). */
import { type SampleRequest, sampleUrl } from "./request.js";
import { shellLines, shellQuote } from "./shell.js";

export const lang = "Shell";
export const label = "curl";

export function render(request: SampleRequest): string {
  const url = sampleUrl(request);
  const lines = [`curl -u "$THULIUM_USER:$THULIUM_PASSWORD"`];
  // `[]` in `name[]=…` would otherwise be read by curl as a glob range.
  if (url.includes("[")) lines[0] += " --globoff";
  if (request.method !== "GET") lines.push(`-X ${request.method}`);
  lines.push(`-H 'Accept: application/json'`);
  if (request.body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`, `--data ${shellQuote(JSON.stringify(request.body))}`);
  }
  lines.push(shellQuote(url));
  return shellLines(lines);
}
