/** A client whose `fetch` records each URL it is asked for and answers with `answer()`, sending nothing. */
import { createThuliumClient } from "../../src/index.js";

export function recordingClient(system: string, answer: () => Response) {
  const urls: string[] = [];
  const thulium = createThuliumClient({
    system,
    username: "api_user",
    password: "api_pass",
    maxRetries: 0,
    fetch: async (input, init) => {
      urls.push(new Request(input, init).url);
      return answer();
    },
  });
  return { thulium, urls };
}
