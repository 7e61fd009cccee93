import { describe, expect, it } from "vitest";
import { connectionNamespace, maskConnectionUrl, parseConnectionUrl } from "./connection-url";

describe("connection URLs", () => {
  it("masks the password and secret parameters, keeping the rest readable", () => {
    expect(maskConnectionUrl("postgres://reader:s3cret@db.internal:5432/sales?sslmode=require")).toBe("postgres://reader:****@db.internal:5432/sales?sslmode=require");
    expect(maskConnectionUrl("postgresql://db/sales?user=r&password=s3cret")).toBe("postgresql://db/sales?user=r&password=****");
    expect(maskConnectionUrl("postgres://reader@db/sales")).toBe("postgres://reader@db/sales");
  });

  it("names the database by host, port and database only", () => {
    expect(connectionNamespace("postgresql://reader:s3cret@db:6543/sales?sslmode=require")).toBe("postgres://db:6543/sales");
    expect(connectionNamespace("postgres://db/sales")).toBe("postgres://db:5432/sales");
  });

  it("refuses what is not a Postgres URL naming a host and a database", () => {
    expect(parseConnectionUrl("postgres://u:p@db:5432/sales")).toBeInstanceOf(URL);
    expect(String(parseConnectionUrl("mysql://db/sales"))).toMatch(/only postgres:\/\/ and postgresql:\/\//);
    expect(String(parseConnectionUrl("postgres://db:5432/"))).toMatch(/names no database/);
    expect(String(parseConnectionUrl("not a url"))).toMatch(/does not parse/);
  });
});
