import type { Metadata } from "next";
import { LoginForm } from "@/components/login-form";
import { signInErrorMessage } from "@/lib/schemas/console/sign-in";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  const safeCallback = callbackUrl && callbackUrl.startsWith("/") ? callbackUrl : "/";
  return (
    <main className="login-page">
      <div className="login-card">
        <h1>Switchboard</h1>
        <p className="muted">Sign in to the operator console.</p>
        <LoginForm
          callbackUrl={safeCallback}
          initialError={error ? signInErrorMessage(error) : null}
        />
      </div>
    </main>
  );
}
