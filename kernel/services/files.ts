import type { UrlPolicy } from "../../primitives/data/kernel/url-policy";
import type { NotebookFiles } from "../../primitives/files/notebook-files";
import { InvalidPayloadError, type KernelServerService } from "../manager/services";

/**
 * The `files` service: a kernel reads its own notebook's uploaded files (the
 * notebook comes from the manager, so a cell cannot name another one's), and
 * learns the limits of what it downloads: the upload size limit and which
 * hosts it may reach (the server's configuration, never the cell's).
 */
export function filesKernelService(files: NotebookFiles, urlPolicy: UrlPolicy): KernelServerService {
  return {
    methods: {
      list: (_payload, ctx) => files.list(ctx.notebookId),
      async resolve(payload, ctx) {
        const name = (payload as { name?: unknown } | null)?.name;
        if (typeof name !== "string") throw new InvalidPayloadError("name: expected the file's name as a string");
        const { path, file } = await files.resolve(ctx.notebookId, name);
        return { path, bytes: file.bytes };
      },
      limits: () => ({ maxBytes: files.maxBytes, urlPolicy }),
    },
  };
}
