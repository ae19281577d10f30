// OpenAI-compatible chat completions under `next dev`/`next start` (base URL `…/api/v1`).
// `npm start` serves the same endpoint on the node:http fast path (lib/api/v1-node.ts).
import { handleV1Web } from "@/lib/api/v1-web";

export const dynamic = "force-dynamic";
export const POST = handleV1Web;
