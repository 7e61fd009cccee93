import type { Metadata } from "next";
import { SignupView } from "./SignupView";

export const metadata: Metadata = { title: "Set up the workspace" };

export default function SignupPage() {
  return <SignupView />;
}
