/** What `promise` rejects with (typed loosely: tests read the fields of whichever error came); throws when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail");
}
