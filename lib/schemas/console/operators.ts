/** Console contracts for operator administration (admin only). */
import { z } from "zod";
import { OPERATOR_ROLES } from "@/lib/vocabulary";

export const OperatorRoleSchema = z.enum(OPERATOR_ROLES);

export const OperatorCreateSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  name: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
  role: OperatorRoleSchema,
  password: z.string().min(8, "At least 8 characters.").max(200, "At most 200 characters."),
});
export type OperatorCreateInput = z.infer<typeof OperatorCreateSchema>;

export const OperatorUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1, "Enter a name.").max(100),
    role: OperatorRoleSchema,
    disabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "Change at least one field.");
export type OperatorUpdateInput = z.infer<typeof OperatorUpdateSchema>;

export const OperatorViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: OperatorRoleSchema,
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OperatorView = z.infer<typeof OperatorViewSchema>;

/** The rule for every password an operator is given (creation, reset, change). */
const NewPasswordSchema = z
  .string()
  .min(8, "At least 8 characters.")
  .max(200, "At most 200 characters.");

/** An admin sets another operator's password. */
export const PasswordResetSchema = z.strictObject({ password: NewPasswordSchema });
export type PasswordResetInput = z.infer<typeof PasswordResetSchema>;

/** Any operator changes their own password. */
export const PasswordChangeSchema = z
  .strictObject({
    currentPassword: z.string().min(1, "Enter your current password.").max(200),
    newPassword: NewPasswordSchema,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type PasswordChangeInput = z.infer<typeof PasswordChangeSchema>;
