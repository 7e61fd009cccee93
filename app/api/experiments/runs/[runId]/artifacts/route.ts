import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { AppError } from "@/protocol/errors";
import { artifactDownloadQuery, artifactUploadQuery, TRACKING_LIMITS } from "@/protocol/experiments";
import { validateBody } from "../../../../_lib/body";
import { attachment } from "../../../../_lib/files";
import { idParam, userRoute } from "../../../../_lib/handler";
import { queryObject } from "../../../../_lib/query";

type P = { runId: string };

/** Raster images may show inline (plots in the run page); anything else only downloads. */
const INLINE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** `?path=model/model.onnx`: the artifact's bytes. */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const runId = idParam(params.runId, "run");
  const { path } = validateBody(artifactDownloadQuery, queryObject(request));
  const { artifact, body } = await services.tracking.openArtifact(principal, runId, path);
  const filename = path.split("/").pop()!;
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      "content-type": artifact.mediaType,
      "content-length": String(artifact.size),
      // Run files are user content: never rendered as a page of this origin.
      "content-disposition": INLINE.has(artifact.mediaType) ? `inline; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "-")}"` : attachment(filename),
      "content-security-policy": "sandbox; default-src 'none'",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=31536000, immutable",
      etag: `"${artifact.sha256}"`,
    },
  });
});

/** `PUT ?path=&kind=model|plot|report|file&mediaType=` with the bytes as the body: stores a run file (write-once per path). */
export const PUT = userRoute<P>(async ({ request, services, principal, params }) => {
  const runId = idParam(params.runId, "run");
  const query = validateBody(artifactUploadQuery, queryObject(request));
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > TRACKING_LIMITS.artifactBytes) throw new AppError("payload_too_large", `artifacts are limited to ${TRACKING_LIMITS.artifactBytes} bytes`);
  // An empty body is an empty file.
  const content = request.body ? Readable.fromWeb(request.body as NodeWebStream<Uint8Array>) : new Uint8Array(0);
  const artifact = await services.tracking.authorizedWriter(principal).logArtifact(runId, { ...query, content });
  return { status: 201, body: { artifact } };
});
