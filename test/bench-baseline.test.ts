import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { api, expectError, registerOrg } from "./helpers";
import { createTeam, fileTicket } from "./ticket-fixtures";

describe("the bench's baseline route", () => {
  it("does not exist without BENCH=1", async () => {
    expectError(await api("GET", "/__bench/baseline"), 404, "E_NOT_FOUND");
    const doc = (await api("GET", "/openapi.json")).json;
    expect(Object.keys(doc.paths).filter((path) => path.includes("bench"))).toEqual([]);
  });

  it("answers the organization's newest ticket under BENCH=1", async () => {
    const admin = await registerOrg("Bench Co");
    const team = await createTeam(admin, "BEN");
    await fileTicket(admin, team.id);
    const newest = await fileTicket(admin, team.id, { title: "Newest" });
    const ctx = createExecutionContext();
    const request = new Request(`http://slaguard.test/__bench/baseline?org=${admin.user.orgId}`) as Request<unknown, IncomingRequestCfProperties>;
    const res = await worker.fetch(request, { ...env, BENCH: "1" } as typeof env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: newest.id });
  });
});
