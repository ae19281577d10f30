/** The end of every authenticated request: settle the budget reservation, record the decision. */
import type { RegistryModel } from "@/lib/router";
import { recordRequestMetrics } from "@/lib/telemetry/metrics";
import type { BudgetReservation } from "./budget";
import { enqueueDecision, type GatewayServices } from "./gateway-state";
import { buildDecisionRecord, sumCostUsd, type RequestTrail } from "./record-decision";

const NO_MODELS: ReadonlyMap<string, RegistryModel> = new Map();

/** A reservation taken for one request; settled exactly once. */
export interface BudgetHold {
  reservation: BudgetReservation;
  settled: boolean;
}

export function finishRequest(
  services: GatewayServices,
  trail: RequestTrail,
  models: ReadonlyMap<string, RegistryModel> | null,
  hold: BudgetHold | null,
): void {
  if (hold && !hold.settled && services.budget) {
    hold.settled = true;
    try {
      void Promise.resolve(services.budget.settle(hold.reservation, sumCostUsd(trail))).catch(
        () => {
          // Settlement is idempotent by request id; the lease sweeper reclaims what is lost here.
        },
      );
    } catch {
      // Same as above: never fail a response over settlement.
    }
  }
  if (trail.principal === null) return;
  const record = buildDecisionRecord(trail, models ?? NO_MODELS, services.clock());
  if (services.metrics) recordRequestMetrics(services.metrics, record);
  enqueueDecision(services, record);
}
