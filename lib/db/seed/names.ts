/**
 * Namespacing of everything unique a scenario writes (slugs, emails, request ids), so tests can
 * seed several scenarios into one shared database without collisions. No namespace = the real
 * names (`gpt-4o-mini`, `admin@switchboard.local`), which is what dev, `npm start` and bug
 * reports use.
 */
export interface SeedNames {
  /** The namespace, or "" when none. */
  readonly namespace: string;
  /** `gpt-4o` → `gpt-4o` (no namespace) or `t1-gpt-4o`. */
  slug(key: string): string;
  /** `admin` → `admin@switchboard.local` or `admin+t1@switchboard.local`. */
  email(local: string): string;
}

const NAMESPACE_RE = /^[a-z0-9][a-z0-9-]{0,30}$/;

export function createSeedNames(namespace = ""): SeedNames {
  if (namespace !== "" && !NAMESPACE_RE.test(namespace))
    throw new Error(`seed namespace "${namespace}" must match ${NAMESPACE_RE}`);
  return {
    namespace,
    slug: (key) => (namespace === "" ? key : `${namespace}-${key}`),
    email: (local) =>
      namespace === "" ? `${local}@switchboard.local` : `${local}+${namespace}@switchboard.local`,
  };
}
