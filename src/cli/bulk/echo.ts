import { printableLine } from "../../text/printable-line.js";

/** The most characters of a value echoed on stderr: a UUID is 36. */
const MAX_ECHO = 100;

/** A value as it is echoed on stderr: one printable line, clipped. */
export const echo = (value: string) => printableLine(value, MAX_ECHO);
