import type { PolicyDocumentInput } from "@/lib/schemas/policy";

/** Tool-using agents need a medium model at least; everything else takes the cheapest. */
export const cheapestCapablePolicy: PolicyDocumentInput = {
  schemaVersion: 1,
  description: "Cheapest model with the required capabilities and minimum tier.",
  rules: [
    {
      id: "agents",
      when: { type: "capabilities", requires: ["tools"] },
      then: { strategy: "cheapest", capabilities: ["tools"], minTier: "medium" },
    },
    {
      id: "off-hours-batch",
      description: "Nights (UTC) and weekends: the cheapest model regardless of tier.",
      when: {
        type: "any",
        conditions: [
          { type: "time_window", start: "22:00", end: "06:00", utcOffsetMinutes: 0 },
          { type: "time_window", days: [0, 6], start: "00:00", end: "23:59", utcOffsetMinutes: 0 },
        ],
      },
      then: { strategy: "cheapest" },
    },
  ],
  default: { strategy: "cheapest", minTier: "small" },
};
