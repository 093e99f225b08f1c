/** The errors every entry (the main one and `/core`) hands out: one list, so that the entries cannot drift apart. */
export type { ThuliumErrorItem } from "./error-body.js";
export type { ResponseProblem } from "./thulium-errors.js";
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
} from "./thulium-errors.js";
