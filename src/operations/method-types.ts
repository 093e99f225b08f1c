/**
 * The public types of a client: what each operation takes and resolves to,
 * derived from the generated schema, and the method per operation.
 */

import type { CallOptions } from "../client/options.js";
import type { OperationId, operations } from "../generated/operations.js";
import type { operations as SchemaOperations } from "../generated/schema.js";
import type { OperationSpec } from "./table.js";

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

type FlatParams<K extends OperationId> = Simplify<
  Part<SchemaOperations[K]["parameters"]["path"]> & Part<SchemaOperations[K]["parameters"]["query"]> & BodyOf<SchemaOperations[K]>
>;
/**
 * The flat params object of an operation: path, query and body fields together, a `Date` also taken for a
 * date. Its body is a mapped type of its own (WithDates spelt out) rather than an alias of another alias, so
 * that a type error names it, `OperationParams<"stopChatConversation">`, not the internal wrapper.
 */
export type OperationParams<K extends OperationId> = { [P in keyof FlatParams<K>]: WithDates<K, FlatParams<K>>[P] };
/** What an operation resolves to: its 2xx JSON body, or `undefined` when it has none. */
export type OperationResult<K extends OperationId> = {
  [S in keyof SchemaOperations[K]["responses"]]: S extends SuccessStatus ? JsonOf<SchemaOperations[K]["responses"][S]> : never;
}[keyof SchemaOperations[K]["responses"]];

/** A 2xx answer's body with its status and headers: what a method's `withResponse` resolves to. */
export interface ThuliumResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Headers;
  /** How many requests were sent, retries included. */
  readonly attempts: number;
}

type Call<P, R> = {} extends P ? (params?: P, options?: CallOptions) => Promise<R> : (params: P, options?: CallOptions) => Promise<R>;

/** An operation's method: resolves to the 2xx body; `withResponse` also gives the answer's status and headers. */
export type OperationMethod<K extends OperationId> = Call<OperationParams<K>, OperationResult<K>> & {
  readonly withResponse: Call<OperationParams<K>, ThuliumResponse<OperationResult<K>>>;
};

/** One method per operation in `Ops`, named by its operationId. */
export type OperationMethods<Ops = Record<OperationId, OperationSpec>> = { [K in keyof Ops & OperationId]: OperationMethod<K> };

export type ThuliumCoreClient<Ops = Record<OperationId, OperationSpec>> = OperationMethods<Ops>;

/** Names of an operation's parameters that accept a `Date` (`x-thulium-date` in the spec). */
export type DateParamName<K extends OperationId> = Extract<(typeof operations)[K]["parameters"][number], { schema: { thuliumDate: true } }>["name"];

/** `T` with a `Date` also allowed for the date parameters of operation `K`. */
export type WithDates<K extends OperationId, T> = { [P in keyof T]: P extends DateParamName<K> ? T[P] | Date : T[P] };
