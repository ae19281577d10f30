/**
 * The one mapping from configuration rows to the registry the engine routes over (models, chains,
 * provider configs). The live gateway and the console's dry run both build theirs here, so a dry
 * run can never see a different registry than the gateway would for the same rows (a model whose
 * provider is disabled or has an undecryptable credential is disabled in both).
 */
import type { ProviderConfig } from "@/lib/providers/types";
import type { FallbackChain, RegistryModel } from "@/lib/router";
import {
  CAPABILITIES,
  isMember,
  PROVIDER_ERROR_CLASSES,
  TOKENIZER_FAMILIES,
  type TokenizerFamily,
} from "@/lib/vocabulary";
import type { PrismaClient } from "./generated/client";
import { loadRegistryRows, type GatewayProviderRow, type RegistryRows } from "./gateway-config";

/** A provider as the executor reads it: the adapter config plus whether it may be called. */
export type RegistryProvider = ProviderConfig & { enabled: boolean; credentialError: boolean };

export interface Registry {
  models: ReadonlyMap<string, RegistryModel>;
  chains: ReadonlyMap<string, FallbackChain>;
  providers: ReadonlyMap<string, RegistryProvider>;
}

function toTokenizer(value: string | null): TokenizerFamily | null {
  return isMember(TOKENIZER_FAMILIES, value) ? value : null;
}

function toProvider(p: GatewayProviderRow): RegistryProvider {
  return {
    kind: p.kind,
    baseUrl: p.baseUrl,
    apiKey: p.apiKey,
    headers: p.headers,
    connectTimeoutMs: p.connectTimeoutMs,
    requestTimeoutMs: p.requestTimeoutMs,
    allowPrivateNetwork: p.allowPrivateNetwork,
    settings: p.settings,
    enabled: p.enabled,
    credentialError: p.credentialError,
  };
}

/** Maps rows to registry values; strings outside the vocabulary (old rows) are dropped. */
export function buildRegistry(rows: RegistryRows): Registry {
  const providers = new Map(rows.providers.map((p) => [p.slug, toProvider(p)]));
  const models = new Map<string, RegistryModel>();
  for (const m of rows.models) {
    const provider = providers.get(m.providerSlug);
    if (!provider) continue;
    models.set(m.slug, {
      slug: m.slug,
      providerSlug: m.providerSlug,
      providerKind: provider.kind,
      upstreamName: m.upstreamName,
      inputPricePerMTok: m.inputPricePerMTok,
      outputPricePerMTok: m.outputPricePerMTok,
      cachedInputPricePerMTok: m.cachedInputPricePerMTok,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      capabilities: m.capabilities.filter((c) => isMember(CAPABILITIES, c)),
      tier: m.tier,
      declaredLatencyMs: m.declaredLatencyMs,
      tokenizer: toTokenizer(m.tokenizer),
      // A disabled provider disables its models: the engine's filter then drops them.
      enabled: m.enabled && provider.enabled && !provider.credentialError,
    });
  }
  const chains = new Map<string, FallbackChain>(
    rows.chains.map((c) => [
      c.slug,
      {
        slug: c.slug,
        steps: c.steps,
        triggers: c.triggers.filter((t) => isMember(PROVIDER_ERROR_CLASSES, t)),
        deadlineMs: c.deadlineMs,
      },
    ]),
  );
  return { models, chains, providers };
}

/** Reads and maps the registry (the console's dry run; the gateway maps its own config load). */
export async function loadRegistry(db: PrismaClient, encryptionKey?: Buffer): Promise<Registry> {
  return buildRegistry(await loadRegistryRows(db, encryptionKey));
}
