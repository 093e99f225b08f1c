/** The errors every entry (the main one and `/core`) hands out: one list, so that the entries cannot drift apart. */
export type { ResponseProblem, ThuliumErrorItem } from "./errors.js";
export {
  isForbidden,
  isNotFound,
  isUnauthorized,
  ThuliumAbortError,
  ThuliumApiError,
  ThuliumConnectionError,
  ThuliumError,
  ThuliumInputError,
  ThuliumResponseError,
  ThuliumTimeoutError,
} from "./errors.js";
