import { exports } from "cloudflare:workers";
import { expect, vi } from "vitest";

export type Session = { accessToken: string; refreshToken: string; user: { id: string; role: string; orgId: string; email: string } };

type CallOptions = { token?: string; body?: unknown; headers?: Record<string, string> };

// A stream is sent as it is, to test bodies that announce no length.
const isRaw = (body: unknown): body is string | ReadableStream => typeof body === "string" || body instanceof ReadableStream;

/** Calls the Worker's own fetch, as a client would, and parses the JSON answer when there is one. */
export async function api(method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | ReadableStream | undefined;
  if (options.body !== undefined) {
    body = isRaw(options.body) ? options.body : JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await exports.default.fetch(`http://slaguard.test${path}`, { method, headers, body });
  const text = await res.text();
  const json = text && res.headers.get("Content-Type")?.includes("json") ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, json, text };
}

/** Asserts the contract's error envelope (§1) and returns it. */
export function expectError(res: Awaited<ReturnType<typeof api>>, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.json).toMatchObject({ error: code, message: expect.any(String), details: expect.any(Object), requestId: expect.any(String) });
  expect(res.json.requestId).toBe(res.headers.get("X-Request-Id"));
  return res.json as { error: string; message: string; details: { issues?: { path: string; message: string }[] } & Record<string, unknown> };
}

let counter = 0;
/** A unique email per call, so tests within one file never collide on the global email index. */
export function uniqueEmail(label = "user") {
  counter += 1;
  return `${label}-${counter}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export const PASSWORD = "correct-horse-battery";

/** Registers a new organization and returns its admin's session. */
export async function registerOrg(name = "Acme"): Promise<Session> {
  const res = await api("POST", "/api/v1/auth/register", {
    body: { email: uniqueEmail("admin"), password: PASSWORD, name: "Ada Admin", organization: name },
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

/** Creates a user with `role` in the admin's organization and signs them in. */
export async function createUser(admin: Session, role: "admin" | "manager" | "agent" | "requester", name = `${role} person`): Promise<Session> {
  const email = uniqueEmail(role);
  const created = await api("POST", "/api/v1/users", { token: admin.accessToken, body: { email, name, password: PASSWORD, role } });
  expect(created.status, created.text).toBe(201);
  const login = await api("POST", "/api/v1/auth/login", { body: { email, password: PASSWORD } });
  expect(login.status, login.text).toBe(200);
  return login.json;
}

/** Moves the Worker's clock (it reads `new Date()` per request, in this same isolate). */
export function setClock(at: number | string | Date) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(typeof at === "string" ? Date.parse(at) : at);
}

/** The session signed in again at the current clock: access tokens last 15 minutes of it. */
export async function fresh(session: Session): Promise<Session> {
  const res = await api("POST", "/api/v1/auth/login", { body: { email: session.user.email, password: PASSWORD } });
  expect(res.status, res.text).toBe(200);
  return res.json;
}
