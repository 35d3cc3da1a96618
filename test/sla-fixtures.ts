import { api, createUser, registerOrg, type Session } from "./helpers";

/** An organization with one user of each role, and another organization's admin. */
export type RolesOrg = { admin: Session; manager: Session; agent: Session; requester: Session; stranger: Session };

export async function rolesOrg(name: string): Promise<RolesOrg> {
  const [admin, stranger] = await Promise.all([registerOrg(name), registerOrg("Elsewhere")]);
  const [manager, agent, requester] = await Promise.all([createUser(admin, "manager"), createUser(admin, "agent"), createUser(admin, "requester")]);
  return { admin, manager, agent, requester, stranger };
}

/** A business-hours calendar of the admin's organization (Mondays 9 to 5 in Berlin); answers its id. */
export async function officeCalendar(admin: Session): Promise<string> {
  const calendar = await api("POST", "/api/v1/calendars", {
    token: admin.accessToken,
    body: { name: "Office", timezone: "Europe/Berlin", hours: { mon: [["09:00", "17:00"]] } },
  });
  return calendar.json.id;
}
