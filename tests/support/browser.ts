import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

/** The system Chromium: `CHROMIUM_PATH`, else /usr/bin/chromium; null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  return null;
}

/**
 * Whether browser tests can run. Without Chromium they fail under CI=true and are skipped
 * (loudly) elsewhere: the caller uses `describe.skipIf(!browserAvailable())`.
 */
export function browserAvailable(): boolean {
  const found = findChromium();
  if (found) return true;
  if (process.env.CI === "true")
    throw new Error(
      "CI=true but no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH",
    );
  console.warn(
    "\n⚠️  BROWSER TESTS SKIPPED: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium)\n",
  );
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("no Chromium found");
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where screenshots go (test artifacts). */
export function artifactPath(name: string): string {
  const dir = path.resolve("test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
