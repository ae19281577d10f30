/**
 * The SSRF guard at save time: a provider's base URL on a private or reserved address is refused
 * (400 at `baseUrl`) unless the provider allows private networks or SWITCHBOARD_ALLOW_PRIVATE_UPSTREAMS
 * is set. Names are resolved now and every address checked; a name that does not resolve (yet) is
 * accepted, since the guard runs again in the socket's lookup on every connection.
 */
import "server-only";
import { AppError } from "@/lib/errors";
import type { ProviderRecord } from "@/lib/schemas/console/providers";
import { checkUpstreamUrl, isProviderError } from "@/lib/providers";

const LOOKUP_TIMEOUT_MS = 3000;

export async function assertProviderUrlAllowed(
  baseUrl: string | null,
  allowPrivate: boolean,
): Promise<void> {
  if (baseUrl === null || allowPrivate) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      checkUpstreamUrl(baseUrl, false),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, LOOKUP_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    if (isProviderError(error) && error.upstreamCode === "ssrf_blocked") {
      const host = new URL(baseUrl).hostname;
      throw new AppError("validation_failed", "The body failed validation.", {
        details: [
          {
            path: "baseUrl",
            message: `${host} is a private or reserved address; allow private networks on this provider (allowPrivateNetwork) for a self-hosted upstream`,
          },
        ],
      });
    }
    // DNS errors (not resolvable from here, yet): the connect-time guard decides.
  } finally {
    clearTimeout(timer);
  }
}

/** The check for an update: only when the URL changes or the allowance is turned off. */
export async function assertProviderUpdateAllowed(
  before: Pick<ProviderRecord, "baseUrl" | "allowPrivateNetwork">,
  changes: { baseUrl?: string | null; allowPrivateNetwork?: boolean },
  globalAllow: boolean,
): Promise<void> {
  if (changes.baseUrl === undefined && changes.allowPrivateNetwork === undefined) return;
  const baseUrl = changes.baseUrl === undefined ? before.baseUrl : changes.baseUrl;
  const allow = changes.allowPrivateNetwork ?? before.allowPrivateNetwork;
  await assertProviderUrlAllowed(baseUrl, allow || globalAllow);
}
