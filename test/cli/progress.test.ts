/** The progress line, drawn on a fake terminal with a fake clock (the CLI through a pseudo-terminal is in progress-tty.test.ts). */
import { describe, expect, it } from "vitest";
import { Progress } from "../../src/cli/progress.js";

const stream = (isTTY: boolean, columns = 100) => {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => writes.push(text) };
};

function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("progress line", () => {
  it("with a known total: a bar, done of total, failed, skipped, the rate, the time elapsed and the time left; it clears itself", () => {
    const tty = stream(true);
    const time = clock();
    const progress = new Progress(tty, "stop", time.now);
    progress.start(10);
    expect(tty.writes.at(-1)).toBe("\r\u001b[2Kstop [....................] 0/10 done · 0.0/s · 0:00 elapsed");
    time.advance(2_000);
    progress.update({ done: 5, failed: 1, skipped: 7 });
    expect(tty.writes.at(-1)).toBe("\r\u001b[2Kstop [##########..........] 5/10 done, 1 failed, 7 skipped · 2.5/s · 0:02 elapsed · ETA 0:02");
    progress.note("a line");
    expect(tty.writes.slice(-3)).toEqual(["\r\u001b[2K", "a line\n", expect.stringMatching(/^\r\u001b\[2Kstop \[#+\.+\] 5\/10 done/)]);
    progress.finish();
    expect(tty.writes.at(-1)).toBe("\r\u001b[2K");
  });

  it("with an unknown total: what is done, the rate and the time elapsed, and no bar or time left", () => {
    const tty = stream(true);
    const time = clock();
    const progress = new Progress(tty, "stop", time.now);
    progress.start(undefined);
    time.advance(90_000);
    progress.update({ done: 239, failed: 0, skipped: 0 });
    expect(tty.writes.at(-1)).toBe("\r\u001b[2Kstop 239 done · 2.7/s · 1:30 elapsed");
    progress.finish();
  });

  it("takes the rate over the last 10 s, so the time left follows a server that slows down", () => {
    const tty = stream(true);
    const time = clock();
    const progress = new Progress(tty, "stop", time.now);
    progress.start(10_000);
    for (let s = 1; s <= 20; s++) {
      time.advance(1_000);
      // 100 a second for 10 s, then 10 a second.
      progress.update({ done: s <= 10 ? s * 100 : 1_000 + (s - 10) * 10, failed: 0, skipped: 0 });
    }
    expect(tty.writes.at(-1)).toMatch(/ 1100\/10000 done · 10\/s · 0:20 elapsed · ETA 14:50$/);
    progress.finish();
  });

  it("drops the bar, then cuts the line, on a narrow terminal", () => {
    const tty = stream(true, 50);
    const time = clock();
    const progress = new Progress(tty, "stop", time.now);
    progress.start(10);
    expect(tty.writes.at(-1)).toBe("\r\u001b[2Kstop 0/10 done · 0.0/s · 0:00 elapsed");
    time.advance(1_000);
    progress.update({ done: 5, failed: 1234, skipped: 5678 });
    expect(tty.writes.at(-1)).toHaveLength("\r\u001b[2K".length + 49);
    progress.finish();
  });

  it("writes nothing but notes when not a terminal", () => {
    const pipe = stream(false);
    const progress = new Progress(pipe, "stop");
    progress.start(10);
    progress.update({ done: 5, failed: 0, skipped: 0 });
    progress.note("a line");
    progress.finish();
    expect(pipe.writes).toEqual(["a line\n"]);
  });
});
