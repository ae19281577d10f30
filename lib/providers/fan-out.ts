/**
 * `n > 1` for upstreams that answer one choice per call (Anthropic, the simulator): n calls in
 * parallel, merged into one OpenAI answer with choices 0…n-1. Usage is the sum of the calls (each
 * paid for the prompt), so the decision record and the budget see all n answers. A failure of
 * any call fails the whole attempt (the others are aborted): the plan then retries or falls back
 * as for any failed attempt. Streams interleave the calls' chunks as they arrive, each choice
 * under its own `index`, as OpenAI does.
 */
import { abortReason, linkedCancellation, type CancelSignal } from "@/lib/cancel";
import { choicesOf } from "./features";
import type {
  ChatCompletionChunk,
  ChatCompletionResponse,
  FinishReason,
} from "../schemas/openai-chat";
import type {
  CompletionResult,
  CompletionStream,
  ProviderAdapter,
  ProviderCall,
  StreamEvent,
  Usage,
} from "./types";

function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    estimated: a.estimated || b.estimated,
  };
}

const ZERO: Usage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, estimated: false };

/** n single-choice calls: the same request without `n`, each with its own abort. */
function splitCalls(call: ProviderCall, n: number) {
  const { n: _n, ...single } = call.request;
  const group = call.signal ? linkedCancellation(call.signal) : linkedCancellation(NEVER);
  const calls: ProviderCall[] = Array.from({ length: n }, () => ({
    ...call,
    request: single,
    signal: group,
  }));
  return { calls, group };
}

const NEVER: CancelSignal = {
  aborted: false,
  reason: undefined,
  addEventListener: () => {},
  removeEventListener: () => {},
};

async function completeMany(
  adapter: ProviderAdapter,
  call: ProviderCall,
  n: number,
): Promise<CompletionResult> {
  const { calls, group } = splitCalls(call, n);
  let results: CompletionResult[];
  try {
    results = await Promise.all(
      calls.map((c) =>
        adapter.complete(c).catch((error: unknown) => {
          group.abort(error);
          throw error;
        }),
      ),
    );
  } catch (error) {
    // The caller's own abort wins over the sibling aborts it caused.
    if (call.signal?.aborted) throw abortReason(call.signal);
    throw error;
  }
  const first = results[0] as CompletionResult;
  let usage = ZERO;
  const choices: ChatCompletionResponse["choices"] = [];
  results.forEach((r, index) => {
    usage = addUsage(usage, r.usage);
    for (const choice of r.response.choices.slice(0, 1)) choices.push({ ...choice, index });
  });
  const response: ChatCompletionResponse = {
    ...first.response,
    choices,
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    },
  };
  return { response, usage };
}

async function streamMany(
  adapter: ProviderAdapter,
  call: ProviderCall,
  n: number,
): Promise<CompletionStream> {
  const { calls, group } = splitCalls(call, n);
  const opened = await Promise.allSettled(calls.map((c) => adapter.stream(c)));
  const streams: CompletionStream[] = [];
  let failure: unknown;
  for (const r of opened) {
    if (r.status === "fulfilled") streams.push(r.value);
    else failure ??= r.reason;
  }
  if (failure !== undefined) {
    for (const s of streams) s.close();
    group.abort(failure);
    if (call.signal?.aborted) throw abortReason(call.signal);
    throw failure;
  }
  const closeAll = (): void => {
    for (const s of streams) s.close();
  };

  async function* run(): AsyncGenerator<StreamEvent> {
    const iterators = streams.map((s) => s[Symbol.asyncIterator]());
    const pending = new Map<number, Promise<{ i: number; r: IteratorResult<StreamEvent> }>>();
    const pull = (i: number): void => {
      const it = iterators[i] as AsyncIterator<StreamEvent>;
      pending.set(
        i,
        it.next().then((r) => ({ i, r })),
      );
    };
    iterators.forEach((_it, i) => pull(i));
    let usage = ZERO;
    let finish: FinishReason | null = null;
    // One id and timestamp for the whole answer, as OpenAI's chunks share theirs.
    let head: Pick<ChatCompletionChunk, "id" | "created" | "model"> | null = null;
    try {
      while (pending.size > 0) {
        const { i, r } = await Promise.race(pending.values());
        pending.delete(i);
        if (r.done) continue;
        const event = r.value;
        if (event.type === "done") {
          usage = addUsage(usage, event.usage);
          if (i === 0 || finish === null) finish = event.finishReason;
          continue;
        }
        pull(i);
        if (event.type === "chunk") {
          head ??= { id: event.chunk.id, created: event.chunk.created, model: event.chunk.model };
          event.chunk.id = head.id;
          event.chunk.created = head.created;
          for (const choice of event.chunk.choices) choice.index = i;
        }
        yield event;
      }
    } catch (error) {
      closeAll();
      throw error;
    }
    yield { type: "done", isContent: false, usage, finishReason: finish };
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    usage: () => streams.reduce((sum, s) => addUsage(sum, s.usage()), ZERO),
    close: () => {
      closeAll();
      void iterator.return(undefined).catch(() => undefined);
    },
  };
}

/** An adapter that answers `n > 1` by fanning out; `n` of 1 (or absent) goes straight through. */
export function withChoiceFanOut(adapter: ProviderAdapter): ProviderAdapter {
  return {
    kind: adapter.kind,
    complete: (call) => {
      const n = choicesOf(call.request);
      return n > 1 ? completeMany(adapter, call, n) : adapter.complete(call);
    },
    stream: (call) => {
      const n = choicesOf(call.request);
      return n > 1 ? streamMany(adapter, call, n) : adapter.stream(call);
    },
  };
}
