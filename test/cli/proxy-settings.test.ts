/** Which proxy the CLI reads from the environment, as curl does, and what it says of a bad one (src/cli/proxy-settings.ts). */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/failure.js";
import { proxyFor, unusedProxyVariable } from "../../src/cli/proxy-settings.js";

/** The variable and host:port of the proxy for URLs of `protocol`. */
function chosen(env: Record<string, string>, protocol = "https:") {
  const proxy = proxyFor(env, protocol);
  return proxy && `${proxy.variable} ${proxy.label}`;
}

describe("proxyFor", () => {
  it("names no proxy when no variable is set, or only NO_PROXY, or only empty ones", () => {
    expect(proxyFor({}, "https:")).toBeUndefined();
    expect(proxyFor({ NO_PROXY: "*" }, "https:")).toBeUndefined();
    expect(proxyFor({ HTTPS_PROXY: "", https_proxy: "" }, "https:")).toBeUndefined();
  });

  it("takes HTTPS_PROXY for https and HTTP_PROXY for http, the lower-case name first", () => {
    const env = { HTTPS_PROXY: "http://secure:3128", HTTP_PROXY: "http://plain:8080" };
    expect(chosen(env, "https:")).toBe("HTTPS_PROXY secure:3128");
    expect(chosen(env, "http:")).toBe("HTTP_PROXY plain:8080");
    expect(chosen({ https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:2" })).toBe("https_proxy lower:1");
    expect(chosen({ http_proxy: "http://lower:1", HTTP_PROXY: "http://upper:2" }, "http:")).toBe("http_proxy lower:1");
    // An empty lower-case variable counts as unset, not as "no proxy".
    expect(chosen({ https_proxy: "", HTTPS_PROXY: "http://upper:2" })).toBe("HTTPS_PROXY upper:2");
  });

  it("leaves HTTP_PROXY unused for https, as curl, Bun and Deno do, and says which variable that is", () => {
    expect(proxyFor({ HTTP_PROXY: "http://plain:8080" }, "https:")).toBeUndefined();
    expect(unusedProxyVariable({ http_proxy: "http://plain:8080" }, "https:")).toBe("http_proxy");
    expect(unusedProxyVariable({ HTTP_PROXY: "http://plain:8080", HTTPS_PROXY: "http://secure:1" }, "https:")).toBeUndefined();
    expect(unusedProxyVariable({ HTTP_PROXY: "http://plain:8080" }, "http:")).toBeUndefined();
  });

  it("takes NO_PROXY as it is, the lower-case name first", () => {
    expect(proxyFor({ HTTPS_PROXY: "http://p:1", NO_PROXY: "localhost, .corp" }, "https:")?.noProxy).toBe("localhost, .corp");
    expect(proxyFor({ HTTPS_PROXY: "http://p:1", no_proxy: "a", NO_PROXY: "b" }, "https:")?.noProxy).toBe("a");
    expect(proxyFor({ HTTPS_PROXY: "http://p:1" }, "https:")?.noProxy).toBeUndefined();
  });

  it("reads a host:port without a scheme as http://, as curl does, and names the default port", () => {
    expect(chosen({ HTTPS_PROXY: "proxy.corp:3128" })).toBe("HTTPS_PROXY proxy.corp:3128");
    expect(proxyFor({ HTTPS_PROXY: " proxy.corp:3128 " }, "https:")?.url.href).toBe("http://proxy.corp:3128/");
    expect(chosen({ HTTPS_PROXY: "http://proxy.corp" })).toBe("HTTPS_PROXY proxy.corp:80");
    expect(chosen({ HTTPS_PROXY: "https://proxy.corp" })).toBe("HTTPS_PROXY proxy.corp:443");
  });

  it("keeps the credentials in the URL for undici, and out of the label", () => {
    const proxy = proxyFor({ HTTPS_PROXY: "http://user:p%40ss@proxy.corp:3128" }, "https:");
    expect(proxy?.url.username).toBe("user");
    expect(proxy?.url.password).toBe("p%40ss");
    expect(proxy?.label).toBe("proxy.corp:3128");
  });

  it("refuses a value that is no http:// or https:// URL, naming the variable and never repeating the value", () => {
    const refusal = (env: Record<string, string>, protocol = "https:") => {
      try {
        proxyFor(env, protocol);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error("not refused");
    };
    expect(refusal({ HTTPS_PROXY: "http://user:secret@[::1" })).toBe(
      "HTTPS_PROXY is not a proxy URL: give one such as http://proxy.example:3128, with credentials http://user:password@proxy.example:3128",
    );
    expect(refusal({ http_proxy: "socks4://user:secret@proxy:1080" }, "http:")).toBe(
      "http_proxy must be an http:// or https:// proxy URL, such as http://proxy.example:3128",
    );
    expect(refusal({ HTTPS_PROXY: "not a url at all" })).toMatch(/^HTTPS_PROXY is not a proxy URL/);
    // The variable for the other protocol is not read, so not refused: curl would not use it either.
    expect(proxyFor({ HTTPS_PROXY: "http://ok:1", HTTP_PROXY: "not a url at all" }, "https:")?.label).toBe("ok:1");
  });
});
