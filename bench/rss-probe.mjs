// Preloaded with `node --import` into the process under test: writes its peak RSS
// (bytes) to $BENCH_RSS_FILE when it exits.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
