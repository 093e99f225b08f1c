// Loaded with --import into a CLI run: writes the process's peak RSS, in bytes, to $MAX_RSS_FILE at exit.
import { writeFileSync } from "node:fs";

process.on("exit", () => writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));
