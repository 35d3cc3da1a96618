/**
 * The demo organization of CONTRACT §12, as plain data. Ids are fixed so that seeding twice finds
 * the rows of the first run and inserts nothing new; add new kinds of rows here and teach
 * to-sql.mjs their table.
 */
export const DEMO_PASSWORD = "demo-password-1";

export const organization = { id: "demo-org", name: "Demo Co" };

export const users = [
  { id: "demo-admin", email: "admin@demo.test", name: "Ada Admin", role: "admin" },
  { id: "demo-manager", email: "manager@demo.test", name: "Morgan Manager", role: "manager" },
  { id: "demo-agent1", email: "agent1@demo.test", name: "Alex Agent", role: "agent" },
  { id: "demo-agent2", email: "agent2@demo.test", name: "Blake Agent", role: "agent" },
  { id: "demo-agent3", email: "agent3@demo.test", name: "Casey Agent", role: "agent" },
  { id: "demo-requester", email: "requester@demo.test", name: "Riley Requester", role: "requester" },
];

export const teams = [
  {
    id: "demo-team-ops",
    name: "Operations",
    key: "OPS",
    autoAssign: true,
    members: [
      { userId: "demo-agent1", skills: ["network", "hardware"], available: true },
      { userId: "demo-agent2", skills: ["hardware", "software"], available: true },
    ],
  },
  {
    id: "demo-team-desk",
    name: "Service Desk",
    key: "DESK",
    autoAssign: true,
    members: [
      { userId: "demo-agent2", skills: ["software"], available: true },
      { userId: "demo-agent3", skills: ["access", "software"], available: false },
    ],
  },
];
