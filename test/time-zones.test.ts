import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createUser, expectError, PASSWORD, registerOrg, uniqueEmail } from "./helpers";

const orgZone = async (orgId: string) => (await env.DB.prepare("SELECT timezone FROM organizations WHERE id = ?").bind(orgId).first<{ timezone: string }>())?.timezone;

describe("time zones of organizations and people", () => {
  it("registers an organization in its time zone (UTC by default), and refuses an unknown zone by field", async () => {
    const berlin = await api("POST", "/api/v1/auth/register", {
      body: { email: uniqueEmail(), password: PASSWORD, name: "Ada", organization: "Berlin Co", timezone: "europe/berlin" },
    });
    expect(berlin.status, berlin.text).toBe(201);
    expect(await orgZone(berlin.json.user.orgId)).toBe("Europe/Berlin");
    expect(await orgZone((await registerOrg("Plain Co")).user.orgId)).toBe("UTC");
    const bad = await api("POST", "/api/v1/auth/register", { body: { email: uniqueEmail(), password: PASSWORD, name: "Ada", organization: "X", timezone: "Mars/Olympus" } });
    expect(expectError(bad, 400, "E_VALIDATION").details.issues).toEqual([{ path: "timezone", message: expect.any(String) }]);
  });

  it("lets a person set their own zone, and an admin set anyone's; null goes back to the organization's", async () => {
    const admin = await registerOrg("Zones Co");
    const agent = await createUser(admin, "agent");
    const mine = await api("PATCH", "/api/v1/auth/me", { token: agent.accessToken, body: { timezone: "America/New_York" } });
    expect(mine.json).toMatchObject({ timezone: "America/New_York" });
    const byAdmin = await api("PATCH", `/api/v1/users/${agent.user.id}`, { token: admin.accessToken, body: { timezone: null } });
    expect(byAdmin.json).toMatchObject({ timezone: null });
    expectError(await api("PATCH", "/api/v1/auth/me", { token: agent.accessToken, body: { timezone: "Nowhere" } }), 400, "E_VALIDATION");
  });
});
