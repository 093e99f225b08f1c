/** A value checked against the spec, as the client would before sending it: a bad one is reported and never sent. */
import { splitParams } from "../../check/params.js";
import { ThuliumInputError } from "../../errors/thulium-errors.js";
import type { ParameterSpec } from "../../operations/table.js";
import { convert } from "../args.js";
import type { Command } from "../commands.js";
import { UsageError } from "../failure.js";

/** The call refused the value before sending it. The shared parameters were checked before the run. */
export function isInvalid(err: unknown): boolean {
  return err instanceof ThuliumInputError || err instanceof UsageError;
}

/** Checks one value of `param` against the spec: the reason it is bad, or `undefined`. */
export function valueChecker(command: Command, param: ParameterSpec): (value: string) => Error | undefined {
  const alone = { ...command.op, parameters: [param] };
  return (value) => {
    try {
      splitParams(command.operationId, alone, { [param.name]: convert(value, param.schema, `<${param.name}>`) });
      return undefined;
    } catch (err) {
      if (isInvalid(err)) return err as Error;
      throw err;
    }
  };
}

/** Checks the shared parameters, once: a bad one is a usage error, and nothing is sent. */
export function checkSharedParams(command: Command, param: ParameterSpec, params: Readonly<Record<string, unknown>>): void {
  splitParams(command.operationId, { ...command.op, parameters: command.op.parameters.filter((p) => p !== param) }, params);
}
