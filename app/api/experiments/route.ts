import { userRoute } from "../_lib/handler";

/** Every experiment (workspace-wide names), with the number of runs the caller may see. */
export const GET = userRoute(async ({ services, principal }) => ({
  body: { experiments: await services.tracking.listExperiments(principal) },
}));
