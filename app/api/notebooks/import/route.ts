import { readImport } from "../../_lib/files";
import { userRoute } from "../../_lib/handler";

/** Creates a notebook owned by the caller from an .ipynb or percent-format file. */
export const POST = userRoute(async ({ request, services, principal }) => {
  const input = await readImport(request);
  return { status: 201, body: { notebook: await services.transfer.importNew(principal, input) } };
});
