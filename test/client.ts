import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from "../protocol/api";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A test's stand-in for a browser: keeps cookies and echoes the CSRF token. */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly bearer?: string,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; raw?: string; csrf?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const csrf = this.cookies.get(CSRF_COOKIE);
    if (csrf && options.csrf !== false && method !== "GET") headers[CSRF_HEADER] = decodeURIComponent(csrf);
    let payload: string | undefined = options.raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
    }
    if (payload !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: payload,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    // An event stream does not end by itself: report its status and headers, then hang up.
    if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
      await response.body?.cancel();
      return { status: response.status, headers: response.headers, body: null as T };
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text so a failing assertion shows it
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get = <T = any>(path: string) => this.request<T>("GET", path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>("POST", path, body ?? {});
  put = <T = any>(path: string, body?: unknown) => this.request<T>("PUT", path, body ?? {});
  patch = <T = any>(path: string, body?: unknown) => this.request<T>("PATCH", path, body ?? {});
  delete = <T = any>(path: string) => this.request<T>("DELETE", path);

  /** A copy with the same cookies, for calls that would replace this client's session. */
  clone(): ApiClient {
    const copy = new ApiClient(this.baseUrl, this.bearer);
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }

  get signedIn(): boolean {
    return this.cookies.has(SESSION_COOKIE);
  }
}
