/** Which proxy the CLI reads from the environment, and what it says of a bad one (src/cli/proxy-settings.ts). */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/failure.js";
import { proxyFor, proxySettings } from "../../src/cli/proxy-settings.js";

const HTTPS = new URL("https://acme.thulium.com/api");
const HTTP = new URL("http://127.0.0.1:4010/api");

/** The variable and host:port of the proxy each kind of URL goes through. */
function chosen(env: Record<string, string>) {
  const settings = proxySettings(env);
  if (!settings) return undefined;
  const show = (url: URL) => {
    const proxy = proxyFor(settings, url);
    return proxy && `${proxy.variable} ${proxy.label}`;
  };
  return { https: show(HTTPS), http: show(HTTP), noProxy: settings.noProxy };
}

describe("proxySettings", () => {
  it("names no proxy when no variable is set, or only NO_PROXY, or only empty ones", () => {
    expect(proxySettings({})).toBeUndefined();
    expect(proxySettings({ NO_PROXY: "*" })).toBeUndefined();
    expect(proxySettings({ HTTPS_PROXY: "", http_proxy: "" })).toBeUndefined();
  });

  it("takes HTTPS_PROXY for https and HTTP_PROXY for http, the lower-case name first", () => {
    expect(chosen({ HTTPS_PROXY: "http://secure:3128", HTTP_PROXY: "http://plain:8080" })).toEqual({
      https: "HTTPS_PROXY secure:3128",
      http: "HTTP_PROXY plain:8080",
      noProxy: undefined,
    });
    expect(chosen({ https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:2", no_proxy: "a", NO_PROXY: "b" })).toEqual({
      https: "https_proxy lower:1",
      http: undefined,
      noProxy: "a",
    });
    // An empty lower-case variable counts as unset, not as "no proxy".
    expect(chosen({ https_proxy: "", HTTPS_PROXY: "http://upper:2" })?.https).toBe("HTTPS_PROXY upper:2");
  });

  it("takes HTTP_PROXY for https too when no HTTPS_PROXY is set, as Node's NODE_USE_ENV_PROXY and undici do", () => {
    expect(chosen({ HTTP_PROXY: "http://plain:8080" })).toEqual({ https: "HTTP_PROXY plain:8080", http: "HTTP_PROXY plain:8080", noProxy: undefined });
  });

  it("reads a host:port without a scheme as http://, as curl does, and names the default port", () => {
    expect(chosen({ HTTPS_PROXY: "proxy.corp:3128" })?.https).toBe("HTTPS_PROXY proxy.corp:3128");
    expect(proxySettings({ HTTPS_PROXY: "proxy.corp:3128" })?.https?.url.href).toBe("http://proxy.corp:3128/");
    expect(chosen({ HTTPS_PROXY: "http://proxy.corp" })?.https).toBe("HTTPS_PROXY proxy.corp:80");
    expect(chosen({ HTTPS_PROXY: "https://proxy.corp" })?.https).toBe("HTTPS_PROXY proxy.corp:443");
  });

  it("keeps the credentials in the URL for undici, and out of the label", () => {
    const proxy = proxySettings({ HTTPS_PROXY: "http://user:p%40ss@proxy.corp:3128" })?.https;
    expect(proxy?.url.username).toBe("user");
    expect(proxy?.url.password).toBe("p%40ss");
    expect(proxy?.label).toBe("proxy.corp:3128");
  });

  it("refuses a value that is no http:// or https:// URL, naming the variable and never repeating the value", () => {
    const refusal = (env: Record<string, string>) => {
      try {
        proxySettings(env);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error("not refused");
    };
    expect(refusal({ HTTPS_PROXY: "http://user:secret@[::1" })).toBe(
      "HTTPS_PROXY is not a proxy URL: give one such as http://proxy.example:3128, with credentials http://user:password@proxy.example:3128",
    );
    expect(refusal({ http_proxy: "socks4://user:secret@proxy:1080" })).toBe(
      "http_proxy must be an http:// or https:// proxy URL, such as http://proxy.example:3128",
    );
    expect(refusal({ HTTPS_PROXY: "http://ok:1", HTTP_PROXY: "not a url at all" })).toMatch(/^HTTP_PROXY is not a proxy URL/);
  });
});
