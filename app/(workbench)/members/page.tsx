import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPrincipal } from "@/app/_lib/principal";
import { MembersView } from "./_components/MembersView";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const principal = await getPrincipal();
  if (!principal) redirect("/login");
  if (principal.user.role !== "admin") {
    return (
      <section className="page">
        <h1>Members</h1>
        <div role="alert" className="alert alert-error" data-testid="forbidden">
          403 — only workspace admins can manage members.
        </div>
      </section>
    );
  }
  return <MembersView />;
}
