import { readTypeLibraries } from "@/primitives/types/index";
import { userRoute } from "../../_lib/handler";

/** The declarations cells are type-checked against in the editor (the kernel's globals). */
export const GET = userRoute(async () => {
  return { body: { libs: await readTypeLibraries() } };
});
