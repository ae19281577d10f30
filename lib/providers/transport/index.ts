/**
 * The upstream HTTP transport (undici, pooled keep-alive sockets, one deadline timer, abort, SSRF
 * guard, error-response classification). The adapters enter it only here; it imports nothing of
 * theirs but the provider error family (`../errors`), so the dependency runs one way.
 */
export { parseJsonBody, readErrorResponse } from "./error-response";
export { closeHttpPool, readBody, sendRequest } from "./http-pool";
export { checkUpstreamUrl, isPrivateAddress } from "./ssrf";
export type { SendRequestOptions, UpstreamResponse } from "./types";
