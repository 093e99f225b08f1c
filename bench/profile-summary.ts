/**
 * Summarises a .cpuprofile (from `node --cpu-prof` or the inspector): the
 * functions with the most inclusive time, and self time by file.
 * Usage: tsx bench/profile-summary.ts <file.cpuprofile> [top=30] [filter]
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg, filter] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary <file.cpuprofile> [top] [filter]");
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*\/(node_modules\/)?/, (m) => (m.includes("node_modules") ? "nm/" : "")).replace(/^file:\/\//, "");
  return `${n.callFrame.functionName || "(anonymous)"} ${url}:${n.callFrame.lineNumber + 1}`;
};
const selfUs = new Map<string, number>();
const totalUs = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  all += dt;
  const node = byId.get(id)!;
  selfUs.set(label(node), (selfUs.get(label(node)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    totalUs.set(l, (totalUs.get(l) ?? 0) + dt);
  }
});
const top = Number(topArg ?? 30);
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)`);
  [...m]
    .filter(([l]) => !filter || l.includes(filter))
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .forEach(([l, us]) => console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((us / all) * 100).toFixed(1).padStart(5)}%  ${l}`));
};
show("inclusive", totalUs);
show("self", selfUs);
