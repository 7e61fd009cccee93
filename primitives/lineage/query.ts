import { z } from "zod";
import { MAX_DEPTH } from "./graph";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /api/lineage/graph` query: which node, which way, how many flow hops. */
export const graphQuerySchema = z
  .object({
    kind: z.string().regex(/^[a-z][a-z_]{0,31}$/, "a node kind: notebook, job, run, dataset, dataset_version, …"),
    id: z.string().min(1).max(300),
    direction: z.enum(["up", "down", "both"]).default("both"),
    depth: z.coerce.number().int().min(0).max(MAX_DEPTH).default(3),
  })
  .refine((q) => !["notebook", "job", "run", "dataset"].includes(q.kind) || UUID.test(q.id), {
    message: "this kind of node has a uuid id",
    path: ["id"],
  })
  .transform((q) => ({ ...q, id: ["notebook", "job", "run", "dataset"].includes(q.kind) ? q.id.toLowerCase() : q.id }));
