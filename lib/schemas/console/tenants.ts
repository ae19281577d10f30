/**
 * Console contracts for tenants, budgets and API keys: strict request bodies and the response
 * shapes the console (and the tests) read.
 */
import { z } from "zod";
import { BUDGET_PERIODS } from "@/lib/vocabulary";

const modelSlug = z.string().trim().min(1, "required").max(100);
const tenantName = z
  .string()
  .trim()
  .min(1, "Give the tenant a name.")
  .max(100, "At most 100 characters.");

export const TenantSlugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "2–63 lowercase letters, digits or dashes.");

export const TenantCreateSchema = z.strictObject({
  slug: TenantSlugSchema,
  name: tenantName,
  modelAllowlist: z.array(modelSlug).max(200).default([]),
  allowDirectModels: z.boolean().default(true),
  captureContent: z.boolean().default(false),
});
export type TenantCreateInput = z.infer<typeof TenantCreateSchema>;

export const TenantUpdateSchema = z
  .strictObject({
    name: tenantName,
    modelAllowlist: z.array(modelSlug).max(200),
    allowDirectModels: z.boolean(),
    captureContent: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field.");
export type TenantUpdateInput = z.infer<typeof TenantUpdateSchema>;

export const BudgetPeriodSchema = z.enum(BUDGET_PERIODS);
export type BudgetPeriod = z.infer<typeof BudgetPeriodSchema>;

export const BudgetUpsertSchema = z.strictObject({
  limitUsd: z
    .number({ error: "Enter a number of US dollars." })
    .positive("The limit must be more than $0.")
    .max(100_000_000, "At most $100,000,000."),
  softThreshold: z
    .number({ error: "Enter a fraction between 0 and 1." })
    .min(0.05, "At least 5%.")
    .max(1, "At most 100%."),
  hardLimit: z.boolean(),
});
export type BudgetUpsertInput = z.infer<typeof BudgetUpsertSchema>;

export const ApiKeyScopeSchema = z.enum(["chat", "models", "explain"]);

export const ApiKeyCreateSchema = z.strictObject({
  tenantId: z.guid("Pick a tenant."),
  name: z.string().trim().min(1, "Name the key (e.g. the app using it).").max(100),
  scopes: z.array(ApiKeyScopeSchema).min(1, "Pick at least one scope.").default(["chat", "models"]),
});
export type ApiKeyCreateInput = z.infer<typeof ApiKeyCreateSchema>;

export const ApiKeyListQuerySchema = z.strictObject({ tenantId: z.guid("expected a tenant id") });

/** A budget with its current window's usage. Money in USD as numbers. */
export const BudgetViewSchema = z.object({
  id: z.string(),
  period: BudgetPeriodSchema,
  limitUsd: z.number(),
  softThreshold: z.number(),
  hardLimit: z.boolean(),
  windowStart: z.string(),
  spentUsd: z.number(),
  leasedUsd: z.number(),
});
export type BudgetView = z.infer<typeof BudgetViewSchema>;

export const TenantViewSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  modelAllowlist: z.array(z.string()),
  allowDirectModels: z.boolean(),
  captureContent: z.boolean(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  activeKeys: z.number(),
  budgets: z.array(BudgetViewSchema),
});
export type TenantView = z.infer<typeof TenantViewSchema>;

export const ApiKeyViewSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApiKeyView = z.infer<typeof ApiKeyViewSchema>;

/** The answer to a key creation: the only time the full key is ever sent. */
export const ApiKeyCreatedSchema = z.object({ key: z.string(), apiKey: ApiKeyViewSchema });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;
