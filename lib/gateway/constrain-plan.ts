/**
 * What a request asks beyond the common contract, checked against the routed plan before any
 * upstream call (after routing, since only then are the models known):
 * - `logprobs` / `top_logprobs`: steps on providers that cannot return them (Anthropic, the
 *   simulator) leave the plan, so a fallback chain still serves from the steps that can; when
 *   none can, a 400 names the models.
 * - `n > 1`: refused on plans with gated cascade stages (gates judge one answer); elsewhere
 *   served natively or by fan-out (lib/providers/fan-out.ts).
 */
import { AppError } from "@/lib/errors";
import { choicesOf, providerFeatures } from "@/lib/providers/features";
import type { ChatCompletionRequest } from "@/lib/schemas/openai-chat";
import type { RoutingPlan } from "@/lib/router";

export function wantsLogprobs(body: ChatCompletionRequest): boolean {
  return body.logprobs === true || (body.top_logprobs !== undefined && body.top_logprobs !== null);
}

export function constrainPlan(plan: RoutingPlan, body: ChatCompletionRequest): RoutingPlan {
  let out = plan;
  if (wantsLogprobs(body)) {
    const steps = plan.steps.filter((s) => providerFeatures(s.providerKind).logprobs);
    if (steps.length === 0) {
      const models = [...new Set(plan.steps.map((s) => `'${s.model}' (${s.providerKind})`))];
      throw new AppError(
        "invalid_request",
        `'logprobs' cannot be served: model ${models.join(", ")} returns no log probabilities. ` +
          "Ask without 'logprobs'/'top_logprobs', or use a model on an OpenAI-compatible provider.",
        { param: "logprobs" },
      );
    }
    if (steps.length !== plan.steps.length) out = { ...plan, steps };
  }
  if (choicesOf(body) > 1) {
    const last = out.steps.length - 1;
    if (out.steps.some((s, i) => s.gates !== null && i < last)) {
      throw new AppError(
        "invalid_request",
        "'n' must be 1 on this route: its cascade judges one answer per stage.",
        { param: "n" },
      );
    }
  }
  return out;
}
