import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("defaults to embedded PGlite under .tracebook in the working directory", () => {
    const config = loadConfig({}, "/srv/app");
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.pgliteDir).toBe(path.join("/srv/app", ".tracebook", "pglite"));
    expect(config.secureCookies).toBe(false);
    expect(config.uploadMaxBytes).toBe(1024 ** 3);
  });

  it("reads the upload limit and refuses one that is not a positive integer", () => {
    expect(loadConfig({ TRACEBOOK_UPLOAD_MAX_BYTES: "2048" }, "/x").uploadMaxBytes).toBe(2048);
    expect(() => loadConfig({ TRACEBOOK_UPLOAD_MAX_BYTES: "-1" }, "/x")).toThrow(/TRACEBOOK_UPLOAD_MAX_BYTES/);
  });

  it("lets data.loadUrl reach public addresses only, unless hosts or all private addresses are opened", () => {
    expect(loadConfig({}, "/x").urlPolicy).toEqual({ allowPrivate: false, allowHosts: [] });
    expect(loadConfig({ TRACEBOOK_URL_ALLOW_HOSTS: " data.internal, *.corp.example ,10.0.0.5", TRACEBOOK_URL_ALLOW_PRIVATE: "true" }, "/x").urlPolicy).toEqual({
      allowPrivate: true,
      allowHosts: ["data.internal", "*.corp.example", "10.0.0.5"],
    });
    expect(() => loadConfig({ TRACEBOOK_URL_ALLOW_HOSTS: "http://x/" }, "/x")).toThrow(/TRACEBOOK_URL_ALLOW_HOSTS/);
    expect(() => loadConfig({ TRACEBOOK_URL_ALLOW_PRIVATE: "yes" }, "/x")).toThrow(/TRACEBOOK_URL_ALLOW_PRIVATE/);
  });

  it("treats empty variables as unset and derives secure cookies from an https public URL", () => {
    const config = loadConfig({ DATABASE_URL: "", TRACEBOOK_PUBLIC_URL: "https://tb.example.org/" }, "/x");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe("https://tb.example.org");
    expect(config.secureCookies).toBe(true);
  });

  it("names every invalid variable", () => {
    expect(() => loadConfig({ PORT: "http", DATABASE_URL: "not a url" }, "/x")).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "http" }, "/x")).toThrow(/PORT/);
  });
});
