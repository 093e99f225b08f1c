/** The package version, sent in the default User-Agent; test/client/create-client.test.ts ("version") keeps it equal to package.json's. */
export const VERSION = "0.2.0";
