import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, registerOrg, type Session } from "./helpers";
import { newTeam } from "./live-helpers";
import { fileTicket, type Team } from "./ticket-fixtures";

let admin: Session, agent: Session;

beforeAll(async () => {
  admin = await registerOrg("Counting Co");
  agent = await createUser(admin, "agent");
});

async function liveChanges(team: Team): Promise<number> {
  const row = await env.DB.prepare("SELECT live_changes FROM teams WHERE id = ?").bind(team.id).first<{ live_changes: number }>();
  return row!.live_changes;
}

// What lets a team room tell a lost publish from D1: one count per committed change, in the change's own batch.
describe("the team's count of committed changes", () => {
  it("moves once for every change a room is told of, and for nothing else", async () => {
    const team = await newTeam(admin, [agent]);
    const ticket = await fileTicket(agent, team.id);
    const writes = [
      api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { title: "Renamed" } }),
      api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, body: { status: "open" } }),
      api("POST", `/api/v1/tickets/${ticket.id}/assign`, { token: agent.accessToken, body: { assigneeId: agent.user.id } }),
      api("POST", `/api/v1/tickets/${ticket.id}/comments`, { token: agent.accessToken, body: { body: "On it", public: false } }),
      api("POST", `/api/v1/tickets/${ticket.id}/attachments`, { token: agent.accessToken, body: "log", headers: { "Content-Type": "text/plain", "X-Filename": "log.txt" } }),
    ];
    for (const write of writes) expect((await write).status).toBeLessThan(300);
    expect(await liveChanges(team)).toBe(6);

    // A stale write, a change to nothing, an illegal move and a read change nothing.
    const stale = await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { title: "Late" }, headers: { "If-Match": `"${ticket.version}"` } });
    expect(stale.status).toBe(412);
    expect((await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { title: "Renamed" } })).status).toBe(200);
    expect((await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, body: { status: "new" } })).status).toBe(409);
    expect((await api("GET", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken })).status).toBe(200);
    expect(await liveChanges(team)).toBe(6);

    expect((await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken })).status).toBe(204);
    expect(await liveChanges(team)).toBe(7);
  });

  it("counts racing writes exactly, and a move for both teams", async () => {
    const [from, to] = [await newTeam(admin, [agent]), await newTeam(admin, [agent])];
    const ticket = await fileTicket(agent, from.id);
    const titles = ["A", "B", "C", "D", "E"];
    const answers = await Promise.all(titles.map((title) => api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { title } })));
    // Each write either commits (a retry re-plans it on the fresh row) or is refused as busy.
    const committed = answers.filter((res) => res.status === 200).length;
    expect(answers.every((res) => res.status === 200 || res.status === 409)).toBe(true);
    expect(committed).toBeGreaterThan(0);
    expect(await liveChanges(from)).toBe(1 + committed);

    expect((await api("PATCH", `/api/v1/tickets/${ticket.id}`, { token: agent.accessToken, body: { teamId: to.id } })).status).toBe(200);
    expect([await liveChanges(from), await liveChanges(to)]).toEqual([2 + committed, 1]);
  });
});
