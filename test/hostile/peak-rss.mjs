// Loaded with --import into a CLI run: writes the process's peak RSS, in bytes, to $PEAK_RSS_LOG at exit.
import { writeFileSync } from "node:fs";

process.on("exit", () => writeFileSync(process.env.PEAK_RSS_LOG, String(process.resourceUsage().maxRSS * 1024)));
