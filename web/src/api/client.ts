// The API client: JSON in and out under /api/v1, the bearer token from the session, and one
// refresh-and-retry when the access token has expired (contract §1, §2).
import type { SessionStore } from "../auth/session";
import type { Session } from "./types";

/** Any failure as the error envelope tells it; `status` 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  /** False for the sign-in endpoints: no token is sent and a 401 is the answer, not a cue to refresh. */
  auth?: boolean;
}

/** Refresh this long before the access token's expiry, so that a request never leaves with a dying one. */
const EXPIRY_MARGIN_MS = 30_000;

export class ApiClient {
  /** The refresh under way: rotating tokens allow one use each, so concurrent 401s share one refresh. */
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly session: SessionStore,
    private readonly base = "/api/v1",
  ) {}

  get<T>(path: string, options?: RequestOptions) {
    return this.request<T>("GET", path, options);
  }
  post<T>(path: string, options?: RequestOptions) {
    return this.request<T>("POST", path, options);
  }
  patch<T>(path: string, options?: RequestOptions) {
    return this.request<T>("PATCH", path, options);
  }

  /** Sends the request; on a 401, refreshes the session once and sends it once more. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    if (!auth) return this.send<T>(method, path, options, null);
    const token = await this.accessToken();
    if (token === null) throw new ApiError(401, "E_UNAUTHORIZED", "Please sign in again.");
    try {
      return await this.send<T>(method, path, options, token);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      if (!(await this.refresh())) throw err;
      return this.send<T>(method, path, options, this.session.session!.accessToken);
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    const sentAt = Date.now();
    const answer = await this.send<Session>("POST", "/auth/login", { body: { email, password } }, null);
    this.session.save(answer, sentAt);
  }

  /** Ends the session on the server too; the local one ends whatever the server says. */
  async signOut(): Promise<void> {
    const current = this.session.session;
    this.session.clear();
    if (current) await this.send("POST", "/auth/logout", { body: { refreshToken: current.refreshToken } }, null).catch(() => undefined);
  }

  /**
   * An access token, refreshed first when it is about to expire; null once signed out. When the
   * server cannot be reached to refresh, the old token goes out and the request fails as it will.
   */
  async accessToken(): Promise<string | null> {
    const current = this.session.session;
    if (!current) return null;
    if (current.expiresAt - Date.now() > EXPIRY_MARGIN_MS) return current.accessToken;
    await this.refresh();
    return this.session.session?.accessToken ?? null;
  }

  /**
   * Trades the refresh token for a new pair. A refused refresh (used, expired, revoked) signs out:
   * the app returns to sign-in. An unreachable server keeps the session for a later try.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async rotate(): Promise<boolean> {
    const current = this.session.session;
    if (!current) return false;
    const sentAt = Date.now();
    try {
      this.session.save(await this.send<Session>("POST", "/auth/refresh", { body: { refreshToken: current.refreshToken } }, null), sentAt);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status !== 0 && err.status < 500) this.session.clear();
      return false;
    }
  }

  private async send<T>(method: string, path: string, options: RequestOptions, token: string | null): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(this.base + path + queryString(options.query), {
        method,
        headers,
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      });
    } catch {
      throw new ApiError(0, "E_NETWORK", "The server could not be reached. Check your connection and try again.");
    }
    if (response.status === 204 || response.status === 202) return undefined as T;
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const envelope = (payload ?? {}) as { error?: string; message?: string; details?: unknown };
      throw new ApiError(response.status, envelope.error ?? "E_HTTP", envelope.message ?? `The server answered ${response.status}.`, envelope.details);
    }
    return payload as T;
  }
}

function queryString(query: RequestOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Every page of a cursor-paged list, in order. */
export async function allPages<T>(api: ApiClient, path: string, query: RequestOptions["query"] = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await api.get(path, { query: { ...query, limit: 200, cursor } });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
