/**
 * Changes planted in a copy of the bundled spec, one per rule of CONTRIBUTING's "Versioning", each with the
 * class the project's rules give it. Each plant finds what it changes by name, not by index, so that the
 * cases hold while the spec grows.
 */
import type { Json } from "../../../scripts/spec/spec.js";

export type Bump = "major" | "minor" | "patch" | "none";

export interface PlantedChange {
  name: string;
  bump: Bump;
  /** Changes `spec` (a copy) in place. */
  plant(spec: Json): void;
}

const op = (spec: Json, path: string, method: string): Json => {
  const found = spec.paths?.[path]?.[method];
  if (!found) throw new Error(`planted change: no ${method.toUpperCase()} ${path} in the spec`);
  return found;
};
const param = (operation: Json, name: string): Json => {
  const found = (operation.parameters as Json[]).find((p) => p.name === name);
  if (!found) throw new Error(`planted change: no parameter ${name} in ${operation.operationId}`);
  return found;
};
const json = (operation: Json, status: string): Json => operation.responses[status].content["application/json"].schema;
const listChats = (spec: Json) => op(spec, "/chats", "get");
const chatItem = (spec: Json) => json(listChats(spec), "200").properties.result.items;

export const plantedChanges: PlantedChange[] = [
  { name: "an operation removed", bump: "major", plant: (s) => void delete s.paths["/chats/queues"].get },
  { name: "a parameter renamed", bump: "major", plant: (s) => void (param(listChats(s), "status").name = "chat_status") },
  { name: "an optional parameter made required", bump: "major", plant: (s) => void (param(listChats(s), "chat_queue_id").required = true) },
  {
    name: "a field's type narrowed",
    bump: "major",
    plant: (s) => {
      // string to a union of two strings: a call passing any other text no longer compiles
      op(s, "/chat_conversations/{id}/message", "post").requestBody.content["application/json"].schema.properties.text.enum = ["yes", "no"];
    },
  },
  {
    name: "a response field made optional",
    bump: "major",
    plant: (s) => {
      const item = chatItem(s);
      item.required = item.required.filter((f: string) => f !== "status");
    },
  },
  { name: "a value added to a response enum", bump: "major", plant: (s) => void chatItem(s).properties.status.enum.push("ARCHIVED") },
  {
    name: "a value removed from a parameter enum",
    bump: "major",
    plant: (s) => {
      const schema = param(op(s, "/chat_conversations/content/{id}/{participant}", "delete"), "participant").schema;
      schema.enum = schema.enum.filter((v: string) => v !== "customer");
    },
  },
  {
    name: "an operation added",
    bump: "minor",
    plant: (s) => {
      s.paths["/chats/{id}"] = {
        get: {
          ...structuredClone(listChats(s)),
          operationId: "getChat",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        },
      };
    },
  },
  {
    name: "an optional parameter added",
    bump: "minor",
    plant: (s) => void listChats(s).parameters.push({ name: "agent_login", in: "query", required: false, schema: { type: "string" } }),
  },
  { name: "a response field added", bump: "minor", plant: (s) => void (chatItem(s).properties.closed_by = { type: "string" }) },
  { name: "a value added to a parameter enum", bump: "minor", plant: (s) => void param(listChats(s), "status").schema.enum.push("ARCHIVED") },
  { name: "a description changed", bump: "patch", plant: (s) => void (listChats(s).description = "Lists chats.") },
  { name: "an example changed", bump: "patch", plant: (s) => void (param(listChats(s), "date_from").example = "2015-01-01") },
  { name: "no change", bump: "none", plant: () => {} },
];
