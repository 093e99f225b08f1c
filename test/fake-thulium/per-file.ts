/** One fake Thulium for the tests of a file, for files whose tests each set up the same server and reply. */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type FakeThulium, type ReceivedRequest, type Reply, startFakeThulium } from "./server.js";

/** A test file's fake Thulium: `server` once started, and `reply`, what it answers, which a test may set. */
export interface FakeThuliumFixture {
  readonly server: FakeThulium;
  reply: (request: ReceivedRequest) => Reply;
}

/**
 * Started before the file's tests and closed after them; before each test it forgets its requests and
 * answers with `initial` again.
 */
export function fakeThuliumPerFile(initial: (request: ReceivedRequest) => Reply = () => ({ status: 204 })): FakeThuliumFixture {
  let server: FakeThulium | undefined;
  const fixture = {
    get server(): FakeThulium {
      if (!server) throw new Error("the fake Thulium starts in beforeAll: use it inside a test");
      return server;
    },
    reply: initial,
  };
  beforeAll(async () => {
    server = await startFakeThulium((request) => fixture.reply(request));
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    fixture.server.requests.length = 0;
    fixture.reply = initial;
  });
  return fixture;
}
