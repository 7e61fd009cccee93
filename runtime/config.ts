import path from "node:path";
import { z } from "zod";
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from "../protocol/kernel";

/**
 * Every environment variable the server reads, with its default. The README's
 * configuration table mirrors this list.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z.string().url().optional(),
  TRACEBOOK_DATA_DIR: z.string().min(1).default(".tracebook"),
  TRACEBOOK_PUBLIC_URL: z.string().url().optional(),
  TRACEBOOK_SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 14),
  TRACEBOOK_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  TRACEBOOK_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  TRACEBOOK_SECURE_COOKIES: z.enum(["auto", "true", "false"]).default("auto"),
  TRACEBOOK_COLLAB_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
  TRACEBOOK_COLLAB_MAX_DOCUMENT_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  TRACEBOOK_COLLAB_IDLE_SECONDS: z.coerce.number().nonnegative().default(30),
  TRACEBOOK_COLLAB_COMPACT_AFTER: z.coerce.number().int().positive().default(500),
  // Defaults for the workspace's kernel settings (admins change them at /api/workspace/kernel-settings).
  TRACEBOOK_KERNEL_MEMORY_MB: z.coerce.number().int().min(16).default(DEFAULT_KERNEL_SETTINGS.memoryLimitMb),
  TRACEBOOK_KERNEL_CELL_TIMEOUT_SECONDS: z.coerce.number().positive().default(DEFAULT_KERNEL_SETTINGS.cellTimeoutMs / 1000),
  TRACEBOOK_KERNEL_IDLE_MINUTES: z.coerce.number().positive().default(DEFAULT_KERNEL_SETTINGS.idleShutdownMs / 60_000),
  TRACEBOOK_KERNEL_MAX: z.coerce.number().int().positive().default(DEFAULT_KERNEL_SETTINGS.maxKernels),
  TRACEBOOK_KERNEL_MAX_OUTPUT_BYTES: z.coerce.number().int().min(1024).default(2 * 1024 * 1024),
  TRACEBOOK_UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(1024 * 1024 * 1024),
  // data.loadUrl reaches public addresses only, unless these open the server's own network.
  // Seals stored secrets (connection passwords); unset: <dataDir>/secret.key, made on first start.
  TRACEBOOK_SECRET_KEY: z.string().min(1).optional(),
  TRACEBOOK_URL_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
  TRACEBOOK_URL_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((list) => list.split(",").map((host) => host.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*\.)?[A-Za-z0-9.:_\[\]-]+$/, "a host name, an IP address or *.suffix"))),
});

export interface Config {
  port: number;
  host: string;
  dev: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  pgliteDir: string;
  publicUrl: string | undefined;
  sessionTtlMs: number;
  loginMaxFailures: number;
  loginWindowMs: number;
  secureCookies: boolean;
  collab: {
    maxMessageBytes: number;
    maxDocumentBytes: number;
    idleUnloadMs: number;
    compactAfterUpdates: number;
  };
  kernel: KernelSettings & { maxOutputBytes: number };
  /** Largest file a notebook upload (or a cell's download) may be, in bytes. */
  uploadMaxBytes: number;
  /** Which hosts `data.loadUrl` may reach (see primitives/data/kernel/url-policy.ts). */
  urlPolicy: { allowPrivate: boolean; allowHosts: string[] };
  /** TRACEBOOK_SECRET_KEY as given (checked when the server loads it, see auth/secret-box.ts). */
  secretKey: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>, cwd: string): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.TRACEBOOK_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dev: e.NODE_ENV === "development",
    databaseUrl: e.DATABASE_URL,
    dataDir,
    pgliteDir: path.join(dataDir, "pglite"),
    publicUrl: e.TRACEBOOK_PUBLIC_URL?.replace(/\/$/, ""),
    sessionTtlMs: e.TRACEBOOK_SESSION_TTL_HOURS * 3600_000,
    loginMaxFailures: e.TRACEBOOK_LOGIN_MAX_FAILURES,
    loginWindowMs: e.TRACEBOOK_LOGIN_WINDOW_SECONDS * 1000,
    secureCookies:
      e.TRACEBOOK_SECURE_COOKIES === "auto"
        ? (e.TRACEBOOK_PUBLIC_URL ?? "").startsWith("https:")
        : e.TRACEBOOK_SECURE_COOKIES === "true",
    collab: {
      maxMessageBytes: e.TRACEBOOK_COLLAB_MAX_MESSAGE_BYTES,
      maxDocumentBytes: e.TRACEBOOK_COLLAB_MAX_DOCUMENT_BYTES,
      idleUnloadMs: e.TRACEBOOK_COLLAB_IDLE_SECONDS * 1000,
      compactAfterUpdates: e.TRACEBOOK_COLLAB_COMPACT_AFTER,
    },
    kernel: {
      memoryLimitMb: e.TRACEBOOK_KERNEL_MEMORY_MB,
      cellTimeoutMs: Math.round(e.TRACEBOOK_KERNEL_CELL_TIMEOUT_SECONDS * 1000),
      idleShutdownMs: Math.round(e.TRACEBOOK_KERNEL_IDLE_MINUTES * 60_000),
      maxKernels: e.TRACEBOOK_KERNEL_MAX,
      maxOutputBytes: e.TRACEBOOK_KERNEL_MAX_OUTPUT_BYTES,
    },
    uploadMaxBytes: e.TRACEBOOK_UPLOAD_MAX_BYTES,
    urlPolicy: { allowPrivate: e.TRACEBOOK_URL_ALLOW_PRIVATE === "true", allowHosts: e.TRACEBOOK_URL_ALLOW_HOSTS },
    secretKey: e.TRACEBOOK_SECRET_KEY,
  };
}
