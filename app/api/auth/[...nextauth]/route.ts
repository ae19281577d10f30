import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handle(req: Request, ctx: Ctx): Promise<Response> {
  const handler = NextAuth(await getAuthOptions());
  return handler(req, ctx);
}

export { handle as GET, handle as POST };
