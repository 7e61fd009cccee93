import type { Principal } from "../auth/principal";
import type { Executor } from "../db/queries/executor";
import { readWorkspaceSetting, writeWorkspaceSetting } from "../db/queries/workspace";
import { AppError } from "../protocol/errors";
import { kernelSettingsSchema, type KernelSettings } from "../protocol/kernel";

const KEY = "kernel";

/**
 * The workspace's kernel limits: defaults from the environment, overridden
 * by what an admin stored. Read synchronously by the kernel manager (each
 * kernel takes the settings current at its start).
 */
export async function loadKernelSettings(db: Executor, defaults: KernelSettings) {
  let current = merge(defaults, await readWorkspaceSetting(db, KEY));
  return {
    current: (): KernelSettings => current,
    async update(principal: Principal, patch: Partial<KernelSettings>): Promise<KernelSettings> {
      if (principal.user.role !== "admin") throw new AppError("forbidden", "only a workspace admin changes kernel settings");
      const next = kernelSettingsSchema.parse({ ...current, ...patch });
      await writeWorkspaceSetting(db, KEY, next, principal.user.id);
      current = next;
      return next;
    },
  };
}

export type KernelSettingsStore = Awaited<ReturnType<typeof loadKernelSettings>>;

/** A stored value that no longer validates (an older schema) falls back to the defaults field by field. */
function merge(defaults: KernelSettings, stored: unknown): KernelSettings {
  if (typeof stored !== "object" || stored === null) return defaults;
  const partial = kernelSettingsSchema.partial().safeParse(stored);
  return partial.success ? { ...defaults, ...partial.data } : defaults;
}
