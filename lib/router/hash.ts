import { fnv1a } from "@/lib/random";

/** FNV-1a 32-bit hash of a string, mapped to [0, 1). Stable across processes and versions. */
export function hashToUnit(input: string): number {
  return fnv1a(input) / 0x1_0000_0000;
}
