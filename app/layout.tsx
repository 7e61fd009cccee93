import type { Metadata } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import "./globals.css";
import "./styles/controls.css";
import "./styles/feedback.css";
import "./styles/auth.css";
import "./styles/workbench.css";
import "./styles/pages.css";
import "./styles/tables.css";
import "./styles/dialog.css";
import "./styles/editor.css";
import "./styles/panels.css";
import "./styles/experiments.css";
import "./styles/lineage.css";

// Inter from the installed @fontsource/inter package: bundled at build time, never fetched at run time.
const inter = localFont({
  src: [
    { path: "../node_modules/@fontsource/inter/files/inter-latin-400-normal.woff2", weight: "400", style: "normal" },
    { path: "../node_modules/@fontsource/inter/files/inter-latin-500-normal.woff2", weight: "500", style: "normal" },
    { path: "../node_modules/@fontsource/inter/files/inter-latin-600-normal.woff2", weight: "600", style: "normal" },
    { path: "../node_modules/@fontsource/inter/files/inter-latin-700-normal.woff2", weight: "700", style: "normal" },
  ],
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Tracebook", template: "%s · Tracebook" },
  description: "Self-hosted collaborative ML notebooks",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body>{children}</body>
    </html>
  );
}
