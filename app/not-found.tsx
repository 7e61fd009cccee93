import Link from "next/link";

export default function NotFound() {
  return (
    <div className="auth-page">
      <main className="auth-card">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link href="/notebooks" className="button button-primary button-block">
          Go to notebooks
        </Link>
      </main>
    </div>
  );
}
