/** The languages every operation gets a sample in, in the order the docs show them. */
import * as curl from "./curl.js";
import * as httpie from "./httpie.js";
import * as php from "./php.js";
import type { SampleRequest } from "./request.js";
import * as typescript from "./typescript.js";

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export const templates = [typescript, curl, httpie, php];

export function codeSamples(request: SampleRequest): CodeSample[] {
  return templates.map((t) => ({ lang: t.lang, label: t.label, source: t.render(request) }));
}

export { type SampleRequest, sampleRequests, sampleUrl } from "./request.js";
