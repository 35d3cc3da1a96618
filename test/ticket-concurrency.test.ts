import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/db/client";
import { ticketHistory } from "../src/db/schema";
import { insertHistoryAtVersion } from "../src/db/ticket-history";
import { updateTicketAtVersion } from "../src/db/tickets";
import { api, expectError, registerOrg, type Session } from "./helpers";
import { createTeam, fileTicket, historyOf, type Team } from "./ticket-fixtures";

let admin: Session;
let team: Team;

beforeAll(async () => {
  admin = await registerOrg("Race Co");
  team = await createTeam(admin, "RACE");
});

const patch = (id: string, body: object, headers: Record<string, string> = {}) => api("PATCH", `/api/v1/tickets/${id}`, { token: admin.accessToken, body, headers });

describe("concurrent writes", () => {
  it("gives two PATCHes with the same If-Match one 200 and one 412, and one history row", async () => {
    const ticket = await fileTicket(admin, team.id);
    const answers = await Promise.all([patch(ticket.id, { title: "From A" }, { "If-Match": "1" }), patch(ticket.id, { title: "From B" }, { "If-Match": "1" })]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 412]);
    const winner = answers.find((res) => res.status === 200)!;
    expectError(answers.find((res) => res.status === 412)!, 412, "E_VERSION_CONFLICT");
    const now = (await api("GET", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken })).json;
    expect(now).toMatchObject({ title: winner.json.title, version: 2 });
    expect((await historyOf(admin, ticket.id)).filter((entry) => entry.action === "updated")).toHaveLength(1);
  });

  it("loses no update when PATCHes without If-Match race", async () => {
    const ticket = await fileTicket(admin, team.id);
    const answers = await Promise.all([
      patch(ticket.id, { title: "Edited title" }),
      patch(ticket.id, { description: "Edited description" }),
      patch(ticket.id, { customer: "Initech" }),
      patch(ticket.id, { tags: ["urgent"] }),
    ]);
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200]);
    const now = (await api("GET", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken })).json;
    expect(now).toMatchObject({ title: "Edited title", description: "Edited description", customer: "Initech", tags: ["urgent"], version: 5 });
    expect((await historyOf(admin, ticket.id)).filter((entry) => entry.action === "updated")).toHaveLength(4);
  });
});

describe("a batch that fails", () => {
  it("leaves neither the change nor its history row", async () => {
    const ticket = await fileTicket(admin, team.id);
    const db = createDb(env.DB);
    const now = new Date();
    const entry = { ticketId: ticket.id, at: now, actorId: admin.user.id, action: "updated", from: { title: ticket.title }, to: { title: "Never" }, ip: null };
    const [existing] = await db.query.ticketHistory.findMany({ where: (row, { eq }) => eq(row.ticketId, ticket.id) });
    // The last statement repeats an existing history key, so the whole batch must roll back.
    await expect(
      db.batch([
        insertHistoryAtVersion(db, entry, 1),
        updateTicketAtVersion(db, ticket.id, 1, { title: "Never" }, now),
        db.insert(ticketHistory).values({ ...entry, seq: existing!.seq }),
      ]),
    ).rejects.toThrow(/UNIQUE|constraint/i);
    expect((await api("GET", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken })).json).toMatchObject({ title: ticket.title, version: 1 });
    expect(await historyOf(admin, ticket.id)).toHaveLength(1);
  });

  it("writes no history row when the version guard does not hold", async () => {
    const ticket = await fileTicket(admin, team.id);
    const db = createDb(env.DB);
    const entry = { ticketId: ticket.id, at: new Date(), actorId: admin.user.id, action: "updated", from: null, to: { title: "Stale" }, ip: null };
    const [, updated] = await db.batch([insertHistoryAtVersion(db, entry, 5), updateTicketAtVersion(db, ticket.id, 5, { title: "Stale" }, new Date())]);
    expect(updated).toEqual([]);
    expect(await historyOf(admin, ticket.id)).toHaveLength(1);
  });
});
