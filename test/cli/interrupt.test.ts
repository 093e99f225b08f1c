/** Signals in steps: stop, stop now, exit; SIGHUP, which a closing terminal sends more than once, only ever stops. */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { interruptedExit, listenForInterrupts } from "../../src/cli/interrupt.js";

function fakeProcess() {
  const proc = new EventEmitter() as EventEmitter & { exit: (code: number) => void; exits: number[] };
  proc.exits = [];
  proc.exit = (code) => proc.exits.push(code);
  return proc;
}

describe("interrupts", () => {
  it("SIGHUP stops as the first Ctrl-C does, exit 129; another SIGHUP does not cancel the calls in flight, a Ctrl-C does", () => {
    const proc = fakeProcess();
    const interrupt = listenForInterrupts(proc as unknown as NodeJS.Process);
    interrupt.now.addEventListener("abort", () => {});
    proc.emit("SIGHUP");
    expect(interrupt.stop.aborted).toBe(true);
    expect(interruptedExit(interrupt)).toBe(129);
    proc.emit("SIGHUP");
    proc.emit("SIGHUP");
    expect(interrupt.now.aborted).toBe(false);
    expect(proc.exits).toEqual([]);
    proc.emit("SIGINT");
    expect(interrupt.now.aborted).toBe(true);
    proc.emit("SIGHUP");
    expect(proc.exits).toEqual([129]);
  });

  it("a second SIGHUP exits when nothing listens for a second signal, as when a single call waits on stdin", () => {
    const proc = fakeProcess();
    const interrupt = listenForInterrupts(proc as unknown as NodeJS.Process);
    proc.emit("SIGHUP");
    proc.emit("SIGHUP");
    expect(interrupt.now.aborted).toBe(false);
    expect(proc.exits).toEqual([129]);
  });

  it("Ctrl-C and SIGTERM step as before: stop, stop now, exit with the first signal's code", () => {
    const proc = fakeProcess();
    const interrupt = listenForInterrupts(proc as unknown as NodeJS.Process);
    interrupt.now.addEventListener("abort", () => {});
    proc.emit("SIGTERM");
    proc.emit("SIGINT");
    expect(interrupt.now.aborted).toBe(true);
    proc.emit("SIGINT");
    expect(proc.exits).toEqual([143]);
  });
});
