/**
 * A failed console API call as the browser sees it: the problem+json status, code, message and
 * field errors (the forms show them next to their fields). Thrown by lib/queries' fetch helpers.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = "ApiProblem";
  }

  /** The message for one form field (`path` as sent by the API, e.g. "limitUsd"). */
  fieldError(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path)?.message;
  }
}
