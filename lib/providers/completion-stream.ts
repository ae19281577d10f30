import { isAbortError, ProviderError, redactSecret } from "./errors";
import type { UpstreamResponse } from "./transport";
import type { ChatCompletionRequest, FinishReason } from "../schemas/openai-chat";
import { SseParser, type SseEvent } from "./sse";
import type { CompletionStream, StreamEvent, Usage } from "./types";
import { countTokens, countTokensNow } from "@/lib/tokens";
import { collectPromptText, countPromptTokens } from "./usage";

/** What a translator learns while reading a stream (usage parts, output text, finish reason). */
export interface StreamAccount {
  output: string;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cachedTokens: number;
  finishReason: FinishReason | null;
}

/** Translates one upstream SSE event into normalized events; returns true at the terminator. */
export type TranslateEvent = (
  event: SseEvent,
  out: StreamEvent[],
  account: StreamAccount,
) => boolean;

const KEEPALIVE: StreamEvent = { type: "keepalive", isContent: false };

function failureOf(err: unknown, secret: string | null): unknown {
  if (isAbortError(err)) return err;
  if (err instanceof ProviderError) {
    if (!secret || !err.message.includes(secret)) return err;
    return new ProviderError(err.errorClass, redactSecret(err.message, secret), {
      ...(err.status === undefined ? {} : { status: err.status }),
      ...(err.upstreamCode === undefined ? {} : { upstreamCode: err.upstreamCode }),
    });
  }
  const message = redactSecret(err instanceof Error ? err.message : String(err), secret);
  return new ProviderError("stream_interrupted", `upstream stream broke: ${message}`);
}

/** The usage so far: reported parts as reported, the rest counted (estimated). */
export function accountUsage(account: StreamAccount, request: ChatCompletionRequest): Usage {
  const reported = account.inputTokens !== undefined && account.outputTokens !== undefined;
  let input = account.inputTokens;
  if (input === undefined) {
    const { text, extra } = collectPromptText(request);
    input = countTokensNow(text) + extra;
  }
  return {
    inputTokens: input,
    outputTokens: account.outputTokens ?? countTokensNow(account.output),
    cachedTokens: account.cachedTokens,
    estimated: !reported,
  };
}

async function finalUsage(account: StreamAccount, request: ChatCompletionRequest): Promise<Usage> {
  if (account.inputTokens !== undefined && account.outputTokens !== undefined) {
    return accountUsage(account, request);
  }
  return {
    inputTokens: account.inputTokens ?? (await countPromptTokens(request)),
    outputTokens: account.outputTokens ?? (await countTokens(account.output)),
    cachedTokens: account.cachedTokens,
    estimated: true,
  };
}

/**
 * Drives an SSE upstream response through a translator. Before the first content event the
 * request deadline runs (keep-alives do not extend it); after it, an idle deadline re-armed by
 * each content event. A body that ends before the terminator is `stream_interrupted`.
 */
export function createUpstreamStream(
  upstream: UpstreamResponse,
  request: ChatCompletionRequest,
  translate: TranslateEvent,
  idleTimeoutMs: number,
  secret: string | null,
): CompletionStream {
  const account: StreamAccount = {
    output: "",
    inputTokens: undefined,
    outputTokens: undefined,
    cachedTokens: 0,
    finishReason: null,
  };

  async function* run(): AsyncGenerator<StreamEvent> {
    const parser = new SseParser();
    const out: StreamEvent[] = [];
    let sawContent = false;
    let complete = false;
    // A read can carry good events followed by a failing one (an in-band error, a malformed
    // event): the good ones are delivered first, then the failure is thrown. Throwing at once
    // would drop content already produced and turn a mid-stream failure into one "before content".
    let failed = false;
    let failure: unknown;
    const handle = (events: SseEvent[]): void => {
      for (const ev of events) {
        if (complete) return; // trailing bytes after the terminator are drained, not parsed
        try {
          complete = translate(ev, out, account);
        } catch (err) {
          failed = true;
          failure = err;
          return;
        }
      }
    };
    try {
      for await (const buf of upstream.body) {
        if (complete) continue;
        handle(parser.push(buf as Buffer));
        if (parser.comments > 0) {
          parser.comments = 0;
          if (out.length === 0 && !failed) out.push(KEEPALIVE);
        }
        for (const e of out) {
          if (e.isContent) {
            if (sawContent) upstream.refreshDeadline();
            else {
              sawContent = true;
              upstream.setDeadline(idleTimeoutMs);
            }
          }
          yield e;
        }
        out.length = 0;
        if (failed) throw failure;
      }
      if (upstream.failure() !== undefined) throw upstream.failure();
      if (!complete) {
        handle(parser.end());
        for (const e of out) yield e;
        out.length = 0;
        if (failed) throw failure;
      }
      if (!complete && account.finishReason === null) {
        throw new ProviderError(
          "stream_interrupted",
          "upstream ended the stream before it finished",
        );
      }
    } catch (err) {
      upstream.destroy(err);
      throw failureOf(failed ? failure : (upstream.failure() ?? err), secret);
    } finally {
      upstream.clearDeadline();
      if (!complete) upstream.destroy();
    }
    yield {
      type: "done",
      isContent: false,
      usage: await finalUsage(account, request),
      finishReason: account.finishReason,
    };
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    usage: () => accountUsage(account, request),
    close: () => {
      upstream.destroy();
      void iterator.return(undefined).catch(() => undefined);
    },
  };
}
