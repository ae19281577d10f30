// `POST /api/v1/route/explain`: the routing decision and trace, no provider call.
import { handleV1Web } from "@/lib/api/v1-web";

export const dynamic = "force-dynamic";
export const POST = handleV1Web;
