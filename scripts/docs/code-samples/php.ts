/** PHP with the curl extension, like Thulium's own samples, minus their disabled TLS checks. */
import { type SampleRequest, sampleUrl } from "./request.js";

export const lang = "PHP";
export const label = "PHP";

export function render(request: SampleRequest): string {
  const options = [
    `CURLOPT_USERPWD => getenv('THULIUM_USER') . ':' . getenv('THULIUM_PASSWORD')`,
    `CURLOPT_CUSTOMREQUEST => '${request.method}'`,
    `CURLOPT_RETURNTRANSFER => true`,
    `CURLOPT_TIMEOUT => 30`,
  ];
  const headers = [`'Accept: application/json'`];
  const lines = ["<?php", `$ch = curl_init(${phpString(sampleUrl(request))});`];
  if (request.body !== undefined) {
    headers.push(`'Content-Type: application/json'`);
    options.push(`CURLOPT_POSTFIELDS => json_encode(${phpValue(request.body, "    ")})`);
  }
  options.push(`CURLOPT_HTTPHEADER => [${headers.join(", ")}]`);
  lines.push(
    `curl_setopt_array($ch, [`,
    ...options.map((o) => `    ${o},`),
    `]);`,
    `$body = curl_exec($ch);`,
    `$status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);`,
    `if ($body === false) {`,
    `    throw new RuntimeException(curl_error($ch));`,
    `}`,
    `if ($status < 200 || $status >= 300) {`,
    `    // Thulium's error body: {"request_id": "…", "errors": [{"message": "…", "code": …}]}`,
    `    throw new RuntimeException("HTTP $status: $body");`,
    `}`,
  );
  if (request.returnsJson) lines.push(`$result = json_decode($body, true);`);
  return lines.join("\n");
}

function phpString(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** A PHP literal that `json_encode` turns back into `value`. */
function phpValue(value: unknown, indent: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return phpString(value);
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    return value.length === 0 ? "[]" : `[\n${value.map((v) => `${inner}${phpValue(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  // An empty PHP array encodes as `[]`; an empty JSON object needs `new stdClass()`.
  if (entries.length === 0) return "new stdClass()";
  return `[\n${entries.map(([k, v]) => `${inner}${phpString(k)} => ${phpValue(v, inner)},`).join("\n")}\n${indent}]`;
}
