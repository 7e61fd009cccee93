import { z } from "zod";
import { NOTEBOOK_ROLES, WORKSPACE_ROLES, type NotebookRole, type WorkspaceRole } from "./roles";
import type { ApiTokenId, InviteId, NotebookId, UserId } from "./ids";

/**
 * Request bodies and response shapes of the JSON API, shared by the route
 * handlers and the browser. Bodies are strict: unknown fields are refused.
 */

export const LIMITS = {
  bodyBytes: 64 * 1024,
  nameLength: 120,
  passwordMin: 10,
  passwordMax: 256,
} as const;

/**
 * Names are shown in many places (lists, dialogs, audit trails), so they are
 * limited to letters, digits, spaces and plain punctuation: no markup, no
 * statement separators, no control characters.
 */
const NAME_PATTERN = /^[\p{L}\p{N}\p{M} _\-.,:()'&/+#!?@%[\]]+$/u;

export const nameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`)
  .regex(
    NAME_PATTERN,
    "may contain only letters, digits, spaces and the punctuation _ - . , : ( ) ' & / + # ! ? @ % [ ]",
  );

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "must be at least 3 characters")
  .max(32, "must be at most 32 characters")
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, "may contain only a-z, 0-9, '_', '.' and '-', starting with a letter or digit");

export const passwordSchema = z
  .string()
  .min(LIMITS.passwordMin, `must be at least ${LIMITS.passwordMin} characters`)
  .max(LIMITS.passwordMax, `must be at most ${LIMITS.passwordMax} characters`);

export const workspaceRoleSchema = z.enum(WORKSPACE_ROLES);
export const notebookRoleSchema = z.enum(NOTEBOOK_ROLES);

export const signupBody = z.strictObject({
  username: usernameSchema,
  name: nameSchema,
  password: passwordSchema,
});

export const loginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(LIMITS.passwordMax),
});

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: passwordSchema,
});

export const createUserBody = z.strictObject({
  username: usernameSchema,
  name: nameSchema,
  password: passwordSchema,
  role: workspaceRoleSchema.default("member"),
});

export const updateUserBody = z
  .strictObject({
    role: workspaceRoleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => b.role !== undefined || b.disabled !== undefined, "give role or disabled");

export const createInviteBody = z.strictObject({
  role: workspaceRoleSchema.default("member"),
  expiresInHours: z.number().int().min(1).max(24 * 30).default(24 * 7),
});

export const acceptInviteBody = signupBody;

export const createTokenBody = z.strictObject({
  name: nameSchema,
  expiresInDays: z.number().int().min(1).max(3650).nullable().default(null),
});

export const createNotebookBody = z.strictObject({ name: nameSchema });
export const renameNotebookBody = z.strictObject({ name: nameSchema });

export const grantRoleBody = z.strictObject({
  userId: z.string().uuid(),
  role: notebookRoleSchema,
});

export interface UserSummary {
  id: UserId;
  username: string;
  name: string;
}

export interface UserView extends UserSummary {
  role: WorkspaceRole;
  disabled: boolean;
  createdAt: string;
}

export interface SessionView {
  user: UserView;
  /** Send back as the `x-csrf-token` header on cookie-authenticated mutations. */
  csrfToken: string;
  expiresAt: string;
}

export interface NotebookView {
  id: NotebookId;
  name: string;
  owner: UserSummary;
  /** The caller's effective role; workspace admins act as owners. */
  myRole: NotebookRole;
  createdAt: string;
  updatedAt: string;
  trashedAt: string | null;
}

export interface MemberView {
  user: UserSummary;
  role: NotebookRole;
  grantedAt: string;
}

export interface ApiTokenView {
  id: ApiTokenId;
  name: string;
  /** The first characters of the secret, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface InviteView {
  id: InviteId;
  role: WorkspaceRole;
  createdBy: UserSummary;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export const CSRF_HEADER = "x-csrf-token";
export const SESSION_COOKIE = "tb_session";
export const CSRF_COOKIE = "tb_csrf";
