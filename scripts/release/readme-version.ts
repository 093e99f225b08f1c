/**
 * The README names the version where a reader copies it: the tarball `npm pack` writes, the entry npm adds to
 * an app's package.json, the default User-Agent. `npm run release` moves those to the new version; the
 * consumer test holds the README to what npm really writes.
 */
export function readmeAtVersion(readme: string, from: string, to: string): string {
  const escaped = from.replaceAll(".", "\\.");
  return readme.replace(new RegExp(`(thulium-chat-client[-/])${escaped}(?!\\.?\\d)`, "g"), `$1${to}`);
}
