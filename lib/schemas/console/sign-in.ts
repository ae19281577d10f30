/**
 * Error codes of a refused console sign-in, as next-auth passes them to the sign-in page (the
 * `error` of `signIn()`), and their wording there. Shared by lib/auth and the login form.
 */
export const SIGN_IN_ERRORS = {
  /** next-auth's own code for `authorize` returning null. */
  wrongCredentials: "CredentialsSignin",
  /** `SignInThrottled:<seconds>`: too many failures for the account or address. */
  throttled: "SignInThrottled",
  databaseUnavailable: "DatabaseUnavailable",
  failed: "SignInFailed",
} as const;

export function throttledCode(retryAfterSec: number): string {
  return `${SIGN_IN_ERRORS.throttled}:${Math.max(1, Math.ceil(retryAfterSec))}`;
}

/** Seconds to wait when the code is a throttle refusal, else null. */
export function throttleSeconds(code: string | null | undefined): number | null {
  const m = /^SignInThrottled:(\d{1,7})$/.exec(code ?? "");
  return m ? Number(m[1]) : null;
}

/** What the sign-in page says for an error code. */
export function signInErrorMessage(code: string | null | undefined): string {
  const wait = throttleSeconds(code);
  if (wait !== null) {
    const minutes = Math.ceil(wait / 60);
    return `Too many failed sign-ins. Try again in ${
      wait < 60 ? `${wait} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`
    }.`;
  }
  if (code === SIGN_IN_ERRORS.databaseUnavailable)
    return "The database is unavailable right now; try again shortly.";
  if (code === SIGN_IN_ERRORS.wrongCredentials) return "Wrong email or password.";
  return "Sign-in failed.";
}
