import { describe, expect, it } from "vitest";
import { allowsPrivate, checkLiteralHost, isPublicAddress, PUBLIC_ONLY } from "./url-policy";

describe("the URL policy", () => {
  it("tells public addresses from loopback, private, link-local, shared and reserved ones", () => {
    for (const address of ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      "127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
      "224.0.0.1", "255.255.255.255", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "not-an-ip",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    expect(isPublicAddress("172.32.0.1")).toBe(true);
  });

  it("opens private addresses for named hosts, suffixes, or all", () => {
    const policy = { allowPrivate: false, allowHosts: ["data.internal", "*.corp.example"] };
    expect(allowsPrivate(policy, "data.internal")).toBe(true);
    expect(allowsPrivate(policy, "DATA.internal")).toBe(true);
    expect(allowsPrivate(policy, "x.data.internal")).toBe(false);
    expect(allowsPrivate(policy, "db.corp.example")).toBe(true);
    expect(allowsPrivate(policy, "corp.example")).toBe(false);
    expect(allowsPrivate(policy, "evilcorp.example")).toBe(false);
    expect(allowsPrivate({ allowPrivate: true, allowHosts: [] }, "anything")).toBe(true);
  });

  it("refuses a private IP literal before connecting, brackets and all", () => {
    expect(() => checkLiteralHost(PUBLIC_ONLY, new URL("http://169.254.169.254/latest/meta-data?x=1"))).toThrow(
      "http://169.254.169.254/latest/meta-data: 169.254.169.254 is not a public address",
    );
    expect(() => checkLiteralHost(PUBLIC_ONLY, new URL("http://[::1]:5432/"))).toThrow(/::1 is not a public address/);
    expect(() => checkLiteralHost(PUBLIC_ONLY, new URL("https://8.8.8.8/"))).not.toThrow();
    expect(() => checkLiteralHost(PUBLIC_ONLY, new URL("https://example.org/"))).not.toThrow();
    expect(() => checkLiteralHost({ allowPrivate: false, allowHosts: ["10.0.0.5"] }, new URL("http://10.0.0.5/"))).not.toThrow();
  });
});
