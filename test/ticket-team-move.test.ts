import { describe, expect, it } from "vitest";
import { api, registerOrg } from "./helpers";

// Found by the fuzz sweep (test/fuzz): moving OPS-1 into a team that has its own ticket number 1
// answered 500 (a unique index on team and number), though contract §2 says the key is kept.
describe("moving a ticket to another team", () => {
  it("keeps its key even when the new team has a ticket of the same number", async () => {
    const admin = await registerOrg("Movers");
    const token = admin.accessToken;
    const team = async (key: string) => (await api("POST", "/api/v1/teams", { token, body: { name: key, key } })).json.id as string;
    const [ops, desk] = [await team("OPS"), await team("DESK")];
    const ticket = async (teamId: string) => (await api("POST", "/api/v1/tickets", { token, body: { title: "x", priority: "P3", teamId } })).json;
    const moving = await ticket(ops);
    const staying = await ticket(desk);
    expect([moving.key, staying.key]).toEqual(["OPS-1", "DESK-1"]);

    const moved = await api("PATCH", `/api/v1/tickets/${moving.id}`, { token, body: { teamId: desk } });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json).toMatchObject({ key: "OPS-1", teamId: desk });
    // The new team's own counter goes on from its own last number.
    expect((await ticket(desk)).key).toBe("DESK-2");
    // And back again, past the ticket that now holds OPS's next number.
    expect((await ticket(ops)).key).toBe("OPS-2");
    expect((await api("PATCH", `/api/v1/tickets/${staying.id}`, { token, body: { teamId: ops } })).status).toBe(200);
  });
});
