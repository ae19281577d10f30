import { startAppServer, type AppServer } from "./app-server";

/**
 * A signed-in HTTP client for the console API: next-auth's credentials flow (csrf token, then the
 * callback with `json=true`), a small cookie jar, and an `Origin` equal to the app URL on every
 * request (writes without it are refused). Reused by every console API test.
 */
export interface ConsoleResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON (problem+json included), or null for an empty body. */
  body: T;
}

export interface ConsoleClient {
  cookie: string;
  get<T = unknown>(path: string): Promise<ConsoleResponse<T>>;
  post<T = unknown>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ConsoleResponse<T>>;
  put<T = unknown>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ConsoleResponse<T>>;
  patch<T = unknown>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ConsoleResponse<T>>;
  delete<T = unknown>(path: string, headers?: Record<string, string>): Promise<ConsoleResponse<T>>;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Signs in with email and password; throws when the credentials are refused. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
): Promise<ConsoleClient> {
  const jar = new CookieJar();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  jar.store(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const login = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: jar.header(),
      origin: baseUrl,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  jar.store(login);
  if (!/session-token=/.test(jar.header()))
    throw new Error(`sign-in failed for ${email} (${login.status})`);

  const send = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      redirect: "manual",
      headers: {
        cookie: jar.header(),
        origin: baseUrl,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await readBody(res)) as T };
  };
  return {
    cookie: jar.header(),
    get: (path) => send("GET", path),
    post: (path, body, headers) => send("POST", path, body, headers),
    put: (path, body, headers) => send("PUT", path, body, headers),
    patch: (path, body, headers) => send("PATCH", path, body, headers),
    delete: (path, headers) => send("DELETE", path, undefined, headers),
  };
}

/** The demo operators the seed creates (password `switchboard`). */
export const DEMO_PASSWORD = "switchboard";
export const DEMO_OPERATORS = {
  admin: "admin@switchboard.local",
  editor: "editor@switchboard.local",
  viewer: "viewer@switchboard.local",
} as const;

/** Signs in the three demo roles at once. */
export async function signInDemoRoles(
  baseUrl: string,
): Promise<Record<keyof typeof DEMO_OPERATORS, ConsoleClient>> {
  const [admin, editor, viewer] = await Promise.all([
    signIn(baseUrl, DEMO_OPERATORS.admin, DEMO_PASSWORD),
    signIn(baseUrl, DEMO_OPERATORS.editor, DEMO_PASSWORD),
    signIn(baseUrl, DEMO_OPERATORS.viewer, DEMO_PASSWORD),
  ]);
  return { admin, editor, viewer };
}

/** Signs in through the login page of a Playwright page and waits for the console shell. */
export async function signInPage(
  page: import("playwright-core").Page,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(".whoami").waitFor();
}

/**
 * The app for a console test file: a fresh server, or (for quick iterations while developing) an
 * already running one named by CONSOLE_TEST_URL, which is then left running.
 */
export async function startConsoleApp(): Promise<AppServer> {
  const url = process.env.CONSOLE_TEST_URL;
  if (url) {
    const running = {
      pid: 0,
      exited: new Promise<number | string>(() => {}),
      databaseUrl: null,
      dataDir: "",
    };
    return { url, apiKey: null, login: null, output: () => "", ...running, stop: async () => {} };
  }
  return startAppServer({
    SWITCHBOARD_DEMO_HISTORY_DAYS: "1",
    // Production mode on Postgres refuses to start without explicit secrets (test-only values).
    SWITCHBOARD_ENCRYPTION_KEY: process.env.SWITCHBOARD_ENCRYPTION_KEY ?? "11".repeat(32),
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "console-tests-nextauth-secret-0123456789",
  });
}
