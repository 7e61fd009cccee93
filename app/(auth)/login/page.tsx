import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPrincipal } from "@/app/_lib/principal";
import { safeNextPath } from "@/app/_lib/next-path";
import { LoginForm } from "./LoginForm";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  if (await getPrincipal()) redirect(next);
  return <LoginForm next={next} />;
}
