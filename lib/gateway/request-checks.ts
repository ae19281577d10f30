/** The small pieces every hand-written `/v1` body check shares (400s that name the field). */
import { AppError } from "@/lib/errors";

export function invalid(param: string, message: string): AppError {
  return new AppError("invalid_request", message, { param });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function absent(value: unknown): boolean {
  return value === undefined || value === null;
}
