import { handleAuth } from "@/lib/api/auth-route";

export const dynamic = "force-dynamic";

export { handleAuth as GET, handleAuth as POST };
