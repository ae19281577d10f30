import type { ProviderKind } from "../generated/enums";
import { CATALOG_MODELS, type ModelFamily, type SimulatedModel } from "./catalog";

export interface CatalogProvider {
  /** Slug before namespacing. */
  key: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string | null;
  enabled: boolean;
  /** Models served: simulated ones by their bare key, real twins as `<family>/<key>`. */
  serves: { family: ModelFamily; twin: boolean };
}

/** Two simulated vendors (so fallbacks and outages cross providers) and the two real ones. */
export const CATALOG_PROVIDERS: readonly CatalogProvider[] = [
  {
    key: "sim-openai",
    name: "Simulator (OpenAI models)",
    kind: "simulator",
    baseUrl: null,
    enabled: true,
    serves: { family: "openai", twin: false },
  },
  {
    key: "sim-anthropic",
    name: "Simulator (Anthropic models)",
    kind: "simulator",
    baseUrl: null,
    enabled: true,
    serves: { family: "anthropic", twin: false },
  },
  {
    key: "openai",
    name: "OpenAI",
    kind: "openai_compatible",
    baseUrl: "https://api.openai.com/v1",
    enabled: false,
    serves: { family: "openai", twin: true },
  },
  {
    key: "anthropic",
    name: "Anthropic",
    kind: "anthropic",
    baseUrl: "https://api.anthropic.com",
    enabled: false,
    serves: { family: "anthropic", twin: true },
  },
];

/** Seed of the simulator's own randomness (its settings), fixed so demos replay alike. */
export const SIMULATOR_SEED = 1337;

/**
 * A simulator provider's `settings` JSON (format: lib/providers/simulator/settings.ts): shared
 * defaults plus per-upstream-model latency, error rate and quality, and a fixed seed.
 */
export function buildSimulatorSettings(family: ModelFamily): Record<string, unknown> {
  const models: Record<string, SimulatedModel> = {};
  for (const m of CATALOG_MODELS) if (m.family === family) models[m.upstreamName] = { ...m.sim };
  return {
    seed: SIMULATOR_SEED,
    jitter: 0.25,
    errorClasses: ["server_error", "rate_limited"],
    midStreamErrorRate: 0.002,
    outputTokens: [40, 400],
    models,
  };
}
