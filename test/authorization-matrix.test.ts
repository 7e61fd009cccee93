import { beforeAll, describe, expect, it } from "vitest";
import { MATRIX, WHO, buildWorld, type World } from "./matrix";
import { discoverApiRoutes } from "./routes";
import { adminClient, testServers } from "./world";

describe("authorization matrix", () => {
  it("has an entry for every API route and method, and none for routes that do not exist", async () => {
    const routes = await discoverApiRoutes();
    expect(routes.length).toBeGreaterThan(20);
    expect(Object.keys(MATRIX).sort()).toEqual(routes);
  });

  for (const server of testServers()) {
    describe(`on ${server.name}`, () => {
      let world: World;
      beforeAll(async () => {
        world = await buildWorld(await adminClient(server), server.url);
      });

      for (const [key, entry] of Object.entries(MATRIX)) {
        const [method, route] = key.split(" ") as [string, string];
        it(`${method} ${route}`, async () => {
          const got: Record<string, number> = {};
          for (const who of WHO) {
            const cell = await entry.prepare(world, who);
            const client = cell.as ?? world.clientFor(who);
            const response = await client.request(method, cell.path, cell.body ?? (method === "GET" || method === "DELETE" ? undefined : {}));
            got[who] = response.status;
            if (response.status >= 400) {
              // Every refusal speaks the one error shape.
              expect(response.body, `${who}: ${method} ${cell.path}`).toMatchObject({
                error: { code: expect.any(String), message: expect.any(String) },
              });
            }
          }
          expect(got).toEqual(entry.expect);
        });
      }
    });
  }
});
