// `GET /api/v1/models` under `next dev`/`next start`; the fast path serves it on `npm start`.
import { handleV1Web } from "@/lib/api/v1-web";

export const dynamic = "force-dynamic";
export const GET = handleV1Web;
