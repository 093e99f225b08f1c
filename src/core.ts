/**
 * The client core (`thulium-chat-client/core`): every operation passed in
 * becomes a method that validates its params, sends the request through the
 * transport (src/call.ts), and throws on anything but 2xx. Only the operations
 * passed in are bundled.
 */
import { operationMethods } from "./call.js";
import type { WithDates } from "./dates.js";
import type { OperationId, OperationSpec } from "./generated/operations.js";
import type { operations as SchemaOperations } from "./generated/schema.js";
import { type CallOptions, normalizeOptions, type ThuliumClientOptions } from "./options.js";

export type { CallOptions, ThuliumClientOptions, ValidateResponses } from "./options.js";

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Part<T> = [NonNullable<T>] extends [never] ? {} : { [K in keyof NonNullable<T> as K extends `${infer N}[]` ? N : K]: NonNullable<T>[K] };
type BodyOf<O> = O extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? {}
    : NonNullable<R> extends { content: { "application/json": infer B } }
      ? undefined extends R
        ? Partial<B>
        : B
      : {}
  : {};
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : undefined;
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;

/** The flat params object of an operation: path, query and body fields together. */
export type OperationParams<K extends OperationId> = WithDates<
  K,
  Simplify<Part<SchemaOperations[K]["parameters"]["path"]> & Part<SchemaOperations[K]["parameters"]["query"]> & BodyOf<SchemaOperations[K]>>
>;
/** What an operation resolves to: its 2xx JSON body, or `undefined` when it has none. */
export type OperationResult<K extends OperationId> = {
  [S in keyof SchemaOperations[K]["responses"]]: S extends SuccessStatus ? JsonOf<SchemaOperations[K]["responses"][S]> : never;
}[keyof SchemaOperations[K]["responses"]];

type Method<K extends OperationId> =
  {} extends OperationParams<K>
    ? (params?: OperationParams<K>, options?: CallOptions) => Promise<OperationResult<K>>
    : (params: OperationParams<K>, options?: CallOptions) => Promise<OperationResult<K>>;

/** One method per operation in `Ops`, named by its operationId. */
export type OperationMethods<Ops = Record<OperationId, OperationSpec>> = { [K in keyof Ops & OperationId]: Method<K> };

export type ThuliumCoreClient<Ops = Record<OperationId, OperationSpec>> = OperationMethods<Ops>;

/**
 * A client with a method for each of `operations`, e.g.
 * `createThuliumClient(options, { stopChatConversation })` with the operations
 * exported by `thulium-chat-client/core`.
 */
export function createThuliumClient<const Ops extends Partial<Record<OperationId, OperationSpec>>>(
  options: ThuliumClientOptions,
  operations: Ops,
): ThuliumCoreClient<Ops> {
  return operationMethods({ settings: normalizeOptions(options), middleware: [] }, operations as Record<string, OperationSpec>) as ThuliumCoreClient<Ops>;
}

// The core entry also hands out the errors, and each operation to pass to createThuliumClient.
export {
  isForbidden,
  isNotFound,
  isUnauthorized,
  ThuliumAbortError,
  ThuliumApiError,
  ThuliumConnectionError,
  ThuliumError,
  ThuliumInputError,
  ThuliumResponseError,
  ThuliumTimeoutError,
} from "./errors.js";
export * from "./generated/operations.js";
