import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { walkList } from "./list-walk";
import { addMember, createTeam, fileTicket, moveThrough, type Team } from "./ticket-fixtures";

let admin: Session;
let agent: Session;
let requester: Session;
let ops: Team;
let desk: Team;
const titles = new Map<string, string>();

type Item = { id: string; key: string; status: string; priority: string; teamId: string; assigneeId: string | null; requesterId: string; category: string | null; createdAt: string };

beforeAll(async () => {
  admin = await registerOrg("List Co");
  [agent, requester] = await Promise.all([createUser(admin, "agent"), createUser(admin, "requester")]);
  ops = await createTeam(admin, "OPS");
  desk = await createTeam(admin, "DESK");
  await addMember(admin, ops.id, agent.user.id);
  const specs = [
    { teamId: ops.id, priority: "P1", category: "network", by: requester },
    { teamId: ops.id, priority: "P2", category: "hardware", by: admin, assign: true },
    { teamId: ops.id, priority: "P3", category: "network", by: admin, status: ["pending"] },
    { teamId: desk.id, priority: "P4", category: "software", by: requester, status: ["open"] },
    { teamId: desk.id, priority: "P2", category: null, by: admin, status: ["resolved"] },
  ];
  for (const [i, spec] of specs.entries()) {
    const ticket = await fileTicket(spec.by, spec.teamId, { title: `Ticket ${i}`, priority: spec.priority, category: spec.category, ...(spec.assign && { assigneeId: agent.user.id, requesterId: requester.user.id }) });
    if (spec.status) await moveThrough(admin, ticket.id, spec.status);
    titles.set(ticket.id, `Ticket ${i}`);
  }
});

const list = async (session: Session, query: string) => {
  const res = await api("GET", `/api/v1/tickets?${query}`, { token: session.accessToken });
  expect(res.status, res.text).toBe(200);
  return res.json.items as Item[];
};

describe("filters", () => {
  it("filters by status lists, priority (with aliases), team, assignee, requester and category", async () => {
    expect((await list(admin, "status=open,pending")).map((t) => t.status).sort()).toEqual(["open", "pending"]);
    expect((await list(admin, "priority=HIGH")).map((t) => t.priority)).toEqual(["P2", "P2"]);
    expect((await list(admin, `teamId=${desk.id}`)).every((t) => t.teamId === desk.id)).toBe(true);
    expect((await list(admin, `assigneeId=${agent.user.id}`)).map((t) => t.assigneeId)).toEqual([agent.user.id]);
    expect(await list(admin, "assigneeId=none")).toHaveLength(4);
    expect((await list(admin, `requesterId=${requester.user.id}`)).length).toBe(3);
    expect((await list(admin, "category=network&priority=P1,P3")).map((t) => t.priority).sort()).toEqual(["P1", "P3"]);
  });

  it("names each bad filter", async () => {
    const res = await api("GET", "/api/v1/tickets?status=done&priority=P9&sort=title&limit=0&colour=red", { token: admin.accessToken });
    const error = expectError(res, 400, "E_VALIDATION");
    expect(error.details.issues!.map((issue) => issue.path).sort()).toEqual(["colour", "limit", "priority", "sort", "status"]);
  });

  it("keeps each role to what it may see", async () => {
    expect((await list(requester, "")).every((t) => t.requesterId === requester.user.id)).toBe(true);
    expect(await list(requester, "")).toHaveLength(3);
    expect((await list(agent, "")).every((t) => t.teamId === ops.id)).toBe(true);
    expect(await list(agent, `teamId=${desk.id}`)).toEqual([]);
    expect(await list(admin, "")).toHaveLength(5);
  });
});

describe("sorting and paging", () => {
  it("sorts by priority both ways and by creation, newest first by default", async () => {
    expect((await list(admin, "sort=priority")).map((t) => t.priority)).toEqual(["P1", "P2", "P2", "P3", "P4"]);
    expect((await list(admin, "sort=-priority")).map((t) => t.priority)).toEqual(["P4", "P3", "P2", "P2", "P1"]);
    const byDefault = (await list(admin, "")).map((t) => t.createdAt);
    expect(byDefault).toEqual([...byDefault].sort().reverse());
  });

  it("serves every ticket exactly once across pages even while new ones arrive", async () => {
    const team = await createTeam(admin, "PAGE");
    const before = new Set<string>();
    for (let i = 0; i < 7; i++) before.add((await fileTicket(admin, team.id)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api("GET", `/api/v1/tickets?teamId=${team.id}&limit=2&sort=createdAt${cursor ? `&cursor=${cursor}` : ""}`, { token: admin.accessToken });
      seen.push(...res.json.items.map((t: Item) => t.id));
      cursor = res.json.nextCursor;
      await fileTicket(admin, team.id);
    } while (cursor !== null && seen.length < 100);
    expect(seen.filter((id) => before.has(id))).toEqual([...before]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("walks descending pages without repeats", async () => {
    const { items } = await walkList<Item>("/api/v1/tickets?limit=2&sort=-priority", admin.accessToken);
    expect(new Set(items.map((t) => t.id)).size).toBe(items.length);
  });

  it("refuses a cursor it did not give out", async () => {
    expectError(await api("GET", "/api/v1/tickets?cursor=not-a-cursor", { token: admin.accessToken }), 400, "E_VALIDATION");
  });
});
