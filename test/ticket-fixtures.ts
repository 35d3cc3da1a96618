import { expect } from "vitest";
import { api, createUser, registerOrg, type Session } from "./helpers";

export type Team = { id: string; key: string };

let teamCounter = 0;
/** A new team with a key unique within the test file (keys are unique per organization). */
export async function createTeam(admin: Session, key = `T${String.fromCharCode(65 + (teamCounter++ % 26))}${String.fromCharCode(65 + Math.floor(teamCounter / 26))}`): Promise<Team> {
  const res = await api("POST", "/api/v1/teams", { token: admin.accessToken, body: { name: `Team ${key}`, key } });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

export async function addMember(admin: Session, teamId: string, userId: string, skills: string[] = []) {
  const res = await api("PUT", `/api/v1/teams/${teamId}/members/${userId}`, { token: admin.accessToken, body: { skills, available: true } });
  expect(res.status, res.text).toBe(200);
}

/** Files a ticket and asserts it was created. */
export async function fileTicket(session: Session, teamId: string, fields: Record<string, unknown> = {}) {
  const res = await api("POST", "/api/v1/tickets", { token: session.accessToken, body: { title: "Printer jams", priority: "P3", teamId, ...fields } });
  expect(res.status, res.text).toBe(201);
  return res.json as Record<string, any> & { id: string; key: string; version: number; status: string };
}

/** Moves a ticket through `statuses` in order, as `session`, asserting each move succeeds. */
export async function moveThrough(session: Session, ticketId: string, statuses: string[]) {
  let ticket: Record<string, any> | undefined;
  for (const status of statuses) {
    const res = await api("PATCH", `/api/v1/tickets/${ticketId}/status`, { token: session.accessToken, body: { status } });
    expect(res.status, res.text).toBe(200);
    ticket = res.json;
  }
  return ticket;
}

export async function historyOf(session: Session, ticketId: string): Promise<{ action: string; from: any; to: any; actorId: string | null; ip: string | null }[]> {
  const res = await api("GET", `/api/v1/tickets/${ticketId}/history`, { token: session.accessToken });
  expect(res.status, res.text).toBe(200);
  return res.json.items;
}

/** The people and teams most ticket tests need. */
export type TicketOrg = {
  admin: Session;
  manager: Session;
  /** A member of OPS. */
  agent: Session;
  /** An agent of the same organization in DESK only. */
  outsider: Session;
  requester: Session;
  otherRequester: Session;
  /** The admin of another organization. */
  foreign: Session;
  ops: Team;
  desk: Team;
};

/** An organization with teams OPS and DESK, a manager, an agent in each team, two requesters, and a second organization. */
export async function ticketOrg(name: string): Promise<TicketOrg> {
  const admin = await registerOrg(name);
  const [manager, agent, outsider, requester, otherRequester] = await Promise.all([
    createUser(admin, "manager"),
    createUser(admin, "agent"),
    createUser(admin, "agent"),
    createUser(admin, "requester"),
    createUser(admin, "requester"),
  ]);
  const [ops, desk] = [await createTeam(admin, "OPS"), await createTeam(admin, "DESK")];
  await addMember(admin, ops.id, agent.user.id, ["network"]);
  await addMember(admin, desk.id, outsider.user.id);
  const foreign = await registerOrg("Elsewhere");
  return { admin, manager, agent, outsider, requester, otherRequester, foreign, ops, desk };
}
