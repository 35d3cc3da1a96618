import { beforeAll, describe, expect, it } from "vitest";
import { TICKET_STATUSES } from "../src/domain/ticket-fields";
import { api, createUser, expectError, registerOrg, type Session } from "./helpers";
import { addMember, createTeam, fileTicket, historyOf, moveThrough, type Team } from "./ticket-fixtures";

// The contract's table (§3), written out again so the test does not read the code's own table.
const LEGAL: Record<string, string[]> = {
  new: ["open", "in_progress", "pending", "resolved", "closed"],
  open: ["in_progress", "pending", "resolved", "closed"],
  in_progress: ["open", "pending", "resolved"],
  pending: ["open", "in_progress", "resolved"],
  resolved: ["closed", "open"],
  closed: ["open"],
};
const PATH_TO: Record<string, string[]> = { new: [], open: ["open"], in_progress: ["in_progress"], pending: ["pending"], resolved: ["resolved"], closed: ["closed"] };

let admin: Session;
let agent: Session;
let manager: Session;
let requester: Session;
let team: Team;

beforeAll(async () => {
  admin = await registerOrg("Status Co");
  [agent, manager, requester] = await Promise.all([createUser(admin, "agent"), createUser(admin, "manager"), createUser(admin, "requester")]);
  team = await createTeam(admin, "STAT");
  await addMember(admin, team.id, agent.user.id);
});

const setStatus = (session: Session, id: string, status: string, headers?: Record<string, string>) =>
  api("PATCH", `/api/v1/tickets/${id}/status`, { token: session.accessToken, body: { status }, headers });

describe("every pair of statuses", () => {
  for (const from of TICKET_STATUSES) {
    for (const to of TICKET_STATUSES) {
      const legal = LEGAL[from]!.includes(to);
      it(`${from} → ${to} ${legal ? "succeeds" : "answers 409 and changes nothing"}`, async () => {
        const ticket = await fileTicket(admin, team.id);
        await moveThrough(admin, ticket.id, PATH_TO[from]!);
        const before = (await api("GET", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken })).json;
        const historyBefore = await historyOf(admin, ticket.id);
        const res = await setStatus(admin, ticket.id, to);
        if (legal) {
          expect(res.status, res.text).toBe(200);
          expect(res.json).toMatchObject({ status: to, version: before.version + 1 });
          expect((await historyOf(admin, ticket.id)).at(-1)).toMatchObject({ from: { status: from }, to: { status: to } });
        } else {
          const error = expectError(res, 409, "E_INVALID_TRANSITION");
          expect(error.details).toEqual({ from, to });
          // A paused clock's dueAt moves on with time; everything else must stand still.
          const { sla: slaAfter, ...after } = (await api("GET", `/api/v1/tickets/${ticket.id}`, { token: admin.accessToken })).json;
          const { sla: slaBefore, ...rest } = before;
          expect(after).toEqual(rest);
          expect(slaAfter.resolution).toMatchObject({ state: slaBefore.resolution.state, percent: slaBefore.resolution.percent });
          expect(await historyOf(admin, ticket.id)).toEqual(historyBefore);
        }
      });
    }
  }
});

describe("lifecycle effects and rights", () => {
  it("counts reopens and stamps resolution and closing", async () => {
    const ticket = await fileTicket(requester, team.id);
    const resolved = await moveThrough(agent, ticket.id, ["in_progress", "resolved"]);
    expect(resolved).toMatchObject({ status: "resolved", resolvedAt: expect.any(String), firstRespondedAt: expect.any(String) });
    const reopened = await moveThrough(requester, ticket.id, ["open"]);
    expect(reopened).toMatchObject({ status: "open", reopenCount: 1, resolvedAt: null });
    const closed = await moveThrough(agent, ticket.id, ["resolved", "closed"]);
    expect(closed).toMatchObject({ status: "closed", closedAt: expect.any(String), reopenCount: 1 });
    expect((await historyOf(agent, ticket.id)).filter((entry) => entry.action === "reopened")).toHaveLength(1);
  });

  it("lets only managers and admins reopen a closed ticket", async () => {
    const ticket = await fileTicket(requester, team.id);
    await moveThrough(agent, ticket.id, ["closed"]);
    expectError(await setStatus(agent, ticket.id, "open"), 403, "E_FORBIDDEN");
    expectError(await setStatus(requester, ticket.id, "open"), 403, "E_FORBIDDEN");
    expect((await setStatus(manager, ticket.id, "open")).json).toMatchObject({ status: "open", reopenCount: 1, closedAt: null });
  });

  it("lets a requester withdraw their ticket but not work it", async () => {
    const ticket = await fileTicket(requester, team.id);
    expectError(await setStatus(requester, ticket.id, "in_progress"), 403, "E_FORBIDDEN");
    expect((await setStatus(requester, ticket.id, "closed")).json.status).toBe("closed");
  });

  it("keeps a note with the move and honours If-Match", async () => {
    const ticket = await fileTicket(admin, team.id);
    expectError(await setStatus(agent, ticket.id, "open", { "If-Match": "7" }), 412, "E_VERSION_CONFLICT");
    const res = await api("PATCH", `/api/v1/tickets/${ticket.id}/status`, { token: agent.accessToken, headers: { "If-Match": "1" }, body: { status: "pending", note: "Waiting for the vendor" } });
    expect(res.status, res.text).toBe(200);
    expect((await historyOf(agent, ticket.id)).at(-1)).toMatchObject({ action: "status_changed", to: { status: "pending", note: "Waiting for the vendor" }, actorId: agent.user.id });
  });

  it("names a status that does not exist", async () => {
    const ticket = await fileTicket(admin, team.id);
    const error = expectError(await setStatus(admin, ticket.id, "done"), 400, "E_VALIDATION");
    expect(error.details.issues![0]!.path).toBe("status");
  });
});
