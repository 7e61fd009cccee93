import { eq } from "drizzle-orm";
import { workspaceSettings } from "../schema/workspace";
import type { Executor } from "./executor";

export async function readWorkspaceSetting(db: Executor, key: string): Promise<unknown> {
  const [row] = await db.select({ value: workspaceSettings.value }).from(workspaceSettings).where(eq(workspaceSettings.key, key));
  return row?.value;
}

export async function writeWorkspaceSetting(db: Executor, key: string, value: unknown, updatedBy: string): Promise<void> {
  await db
    .insert(workspaceSettings)
    .values({ key, value, updatedBy })
    .onConflictDoUpdate({ target: workspaceSettings.key, set: { value, updatedBy, updatedAt: new Date() } });
}
