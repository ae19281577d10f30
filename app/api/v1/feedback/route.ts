// `POST /api/v1/feedback`: an outcome for a decision (lib/gateway/feedback.ts).
import { handleV1Web } from "@/lib/api/v1-web";

export const dynamic = "force-dynamic";
export const POST = handleV1Web;
