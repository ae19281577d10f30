/** Operator roles, weakest first. Each role can do everything the ones before it can. */
import { OPERATOR_ROLES as ROLES, type OperatorRole as Role } from "@/lib/vocabulary";

export { ROLES, type Role };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `actual` is at least `required`. */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}
