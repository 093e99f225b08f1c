/**
 * The versioning rule proved on the generated types, by the TypeScript compiler: for every operation of the
 * base, a call that compiled against the base's `operations` still compiles against the head's (its
 * parameters and body are assignable, and keep their names), and a response handled before is still handled
 * (the head's responses are assignable to the base's); likewise every webhook payload. A break that the
 * spec diff's rules miss is caught here as a compile error, named by operation.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import type { Json } from "../spec/spec.js";

export interface TypeBreak {
  /** `listChats: request`, `listChats: responses`, `webhook CHAT_AGENT_ASSIGNED: payload`. */
  where: string;
  /** The compiler's message, first line. */
  message: string;
}

/** The types openapi-typescript generates for `spec`, as `src/generated/schema.ts` holds them. */
export async function generatedTypes(spec: Json): Promise<string> {
  return astToString(await openapiTS(structuredClone(spec) as never));
}

const HELPERS = `
type Request<O> = O extends { parameters: infer P } ? { parameters: P } & Pick<O, Extract<keyof O, "requestBody">> : never;
type Body<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type KeysOf<T> = [T] extends [never] ? never : T extends object ? keyof T : never;
/** The names of B's keys that H lacks: a parameter or body field renamed or removed. */
type Lost<B, H> = Exclude<KeysOf<NonNullable<B>>, KeysOf<NonNullable<H>>>;
declare function assignable<To>(value: To): void;
declare function noneLost<K extends never>(): void;
`;

export interface TypedSpec {
  spec: Json;
  /** The generated types when known (the released `schema.ts`); otherwise generated from `spec`. */
  types?: string;
}

/** The base's types that the head's no longer satisfy. */
export async function typeBreaks(base: TypedSpec, head: TypedSpec): Promise<TypeBreak[]> {
  const [breaks = []] = await typeBreaksOfEach(base, [head]);
  return breaks;
}

/** `typeBreaks` of each head against one base, in one run of the compiler. */
export async function typeBreaksOfEach(base: TypedSpec, heads: readonly TypedSpec[]): Promise<TypeBreak[][]> {
  const dir = await mkdtemp(join(tmpdir(), "thulium-type-compat-"));
  try {
    const operationIds = Object.values<Json>(base.spec.paths ?? {}).flatMap((item) =>
      Object.values<Json>(item)
        .map((op) => op?.operationId)
        .filter((id): id is string => typeof id === "string"),
    );
    const webhookNames = Object.entries<Json>(base.spec.webhooks ?? {})
      .filter(([, item]) => item?.post?.requestBody)
      .map(([name]) => name);
    const labels: { head: number; label: string }[] = [];
    const lines: string[] = [];
    let headIndex = 0;
    const check = (label: string, code: string) => {
      labels.push({ head: headIndex, label });
      lines.push(code);
    };
    for (; headIndex < heads.length; headIndex++) {
      const Head = `Head${headIndex}`;
      for (const id of operationIds) {
        const b = `Base.operations[${JSON.stringify(id)}]`;
        const h = `${Head}.operations[${JSON.stringify(id)}]`;
        check(`${id}: request`, `declare const req_${labels.length}: Request<${b}>; assignable<Request<${h}>>(req_${labels.length});`);
        for (const place of ["query", "path"]) {
          check(`${id}: ${place} parameter names`, `noneLost<Lost<${b}["parameters"]["${place}"], ${h}["parameters"]["${place}"]>>();`);
        }
        check(`${id}: body field names`, `noneLost<Lost<Body<${b}>, Body<${h}>>>();`);
        check(`${id}: responses`, `declare const res_${labels.length}: ${h}["responses"]; assignable<${b}["responses"]>(res_${labels.length});`);
      }
      for (const name of webhookNames) {
        const key = `[${JSON.stringify(name)}]["post"]["requestBody"]`;
        check(
          `webhook ${name}: payload`,
          `declare const hook_${labels.length}: NonNullable<${Head}.webhooks${key}>; assignable<NonNullable<Base.webhooks${key}>>(hook_${labels.length});`,
        );
      }
    }
    const imports = heads.map((_, i) => `import type * as Head${i} from "./head${i}";\n`).join("");
    const prefix = `import type * as Base from "./base";\n${imports}${HELPERS}\n`;
    const firstLine = prefix.split("\n").length - 1;
    await writeFile(join(dir, "base.ts"), base.types ?? (await generatedTypes(base.spec)));
    for (const [i, head] of heads.entries()) await writeFile(join(dir, `head${i}.ts`), head.types ?? (await generatedTypes(head.spec)));
    await writeFile(join(dir, "check.ts"), `${prefix}${lines.join("\n")}\n`);
    const program = ts.createProgram([join(dir, "check.ts")], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    const breaks: TypeBreak[][] = heads.map(() => []);
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const full = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n").split("\n")[0] ?? "";
      const message = full.length > 300 ? `${full.slice(0, 300)}…` : full;
      const file = diagnostic.file?.fileName ?? "";
      if (!file.endsWith("check.ts") || diagnostic.start === undefined) throw new Error(`type-compat: generated types do not compile (${file}): ${message}`);
      const line = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start).line ?? 0;
      const found = labels[line - firstLine];
      if (!found) throw new Error(`type-compat: the check itself does not compile: ${message}`);
      const list = breaks[found.head] ?? [];
      if (!list.some((b) => b.where === found.label)) list.push({ where: found.label, message });
    }
    return breaks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
