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

/**
 * The business-hours calendar of CONTRACT §12, as sent to `POST /calendars` (the seed stores it in
 * the normalized form the API would): Mon–Fri 09:00–17:00 Berlin time, minus the year-end holidays.
 */
export const calendars = [
  {
    id: "demo-calendar-business",
    name: "Business hours",
    timezone: "Europe/Berlin",
    hours: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], wed: [["09:00", "17:00"]], thu: [["09:00", "17:00"]], fri: [["09:00", "17:00"]] },
    holidays: ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01"],
  },
];

/**
 * The four default policies of CONTRACT §4 (minutes). An outage is 24x7, so P1 and P2 count every
 * minute; P3 and P4 count business hours only. `dueSoonMinutes` is the default 60.
 */
export const policies = [
  { id: "demo-policy-p1", name: "Default P1", priority: "P1", responseMinutes: 15, resolutionMinutes: 4 * 60, calendarId: null, dueSoonMinutes: 60 },
  { id: "demo-policy-p2", name: "Default P2", priority: "P2", responseMinutes: 60, resolutionMinutes: 8 * 60, calendarId: null, dueSoonMinutes: 60 },
  { id: "demo-policy-p3", name: "Default P3", priority: "P3", responseMinutes: 4 * 60, resolutionMinutes: 24 * 60, calendarId: "demo-calendar-business", dueSoonMinutes: 60 },
  { id: "demo-policy-p4", name: "Default P4", priority: "P4", responseMinutes: 24 * 60, resolutionMinutes: 5 * 24 * 60, calendarId: "demo-calendar-business", dueSoonMinutes: 60 },
];

/**
 * The month before seeding (scripts/seed/history.mjs): `count` tickets filed over `days` days,
 * more on working days, numbered on after the tickets below, with their whole lives, SLA clocks and
 * SLA events. `seed` fixes the draws, so every run makes the same month relative to its own moment.
 */
export const history = { days: 30, count: 210, seed: 20261201 };

// Ticket authors, by the user ids above.
const R = "demo-requester";
const A1 = "demo-agent1";
const A2 = "demo-agent2";
const A3 = "demo-agent3";
const M = "demo-manager";

/** A comment `min` minutes after its ticket was filed; `false` makes it an internal note. */
const c = (author, min, isPublic, body) => ({ author, min, public: isPublic, body });

/**
 * A few dozen tickets over both teams, numbered OPS-1… and DESK-1… in the order listed. Times are
 * relative to the moment of seeding. `hoursAgo`: filed that many hours of its SLA calendar before
 * seeding — wall hours for P1/P2 (24x7), business hours for P3/P4 — so each active ticket's risk
 * band at seeding is the same whatever the weekday. The rest is wall time after filing: comments
 * at `min` minutes, the move to its status at `movedMin` minutes (default 30), `doneHours` for
 * resolved or closed ones (closed two hours after that).
 *
 * Risk at seeding (`risk=` on the list; bands drift as time passes), active tickets only:
 *   safe      OPS-3, OPS-13, DESK-3 (paused: pending), OPS-12, OPS-20, DESK-10, DESK-13, DESK-14, DESK-16 (paused)
 *   warning   OPS-1, OPS-7, OPS-10, OPS-15, DESK-1, DESK-15, DESK-12 (paused at 52 %)
 *   high_risk OPS-5, OPS-17, DESK-4, DESK-5, OPS-14 and OPS-18 (both due within the hour)
 *   breached  OPS-2 (P1 with no response), OPS-6, DESK-7, DESK-9 (no response)
 * The resolved and closed ones all met both targets.
 */
export const tickets = [
  { team: "OPS", title: "VPN drops every hour", description: "Since Monday the VPN disconnects about every 60 minutes and I lose my RDP session.", priority: "P2", category: "network", status: "in_progress", assignee: A1, requester: R, hoursAgo: 5, tags: ["vpn", "remote"],
    comments: [c(A1, 20, true, "Can you send the time of the last drop? I will check the gateway logs."), c(R, 45, true, "Last one at 10:02."), c(A1, 70, false, "Gateway shows IKE rekey failures for this user; likely the old client profile.")] },
  { team: "OPS", title: "Office Wi-Fi down on floor 3", description: "Nobody on the third floor can join the corporate SSID.", priority: "P1", category: "network", status: "open", assignee: A1, requester: A2, hoursAgo: 1.5,
    comments: [c(A1, 10, false, "Access point ap-3-east is offline in the controller.")] },
  { team: "OPS", title: "Laptop battery swells", description: "The battery of my ThinkPad lifts the touchpad; it gets warm while charging.", priority: "P2", category: "hardware", status: "pending", assignee: A2, requester: R, hoursAgo: 30, tags: ["laptop"],
    comments: [c(A2, 40, true, "Please stop using it on the charger. A replacement battery is ordered; waiting for the vendor."), c(R, 90, true, "Thanks, using the spare desktop meanwhile.")] },
  { team: "OPS", title: "Printer on floor 2 jams", description: "Paper jams in tray 2 on every second job.", priority: "P3", category: "hardware", status: "resolved", assignee: A2, requester: R, hoursAgo: 40, doneHours: 20,
    comments: [c(A2, 60, true, "Replaced the pickup roller of tray 2."), c(R, 1300, true, "Works again, thank you!")] },
  { team: "OPS", title: "New monitor for reception", description: "Reception needs a second 24-inch monitor.", priority: "P4", category: "hardware", status: "new", assignee: null, requester: R, hoursAgo: 20 },
  { team: "OPS", title: "DNS resolution slow", description: "Internal names take several seconds to resolve from the Berlin office.", priority: "P2", category: "network", status: "open", assignee: A1, requester: A2, hoursAgo: 9, customer: "Globex",
    comments: [c(A1, 35, true, "Looking into the resolver forwarders."), c(A1, 50, false, "Secondary resolver has a 2 s timeout to the upstream; raising it with the ISP.")] },
  { team: "OPS", title: "Docking station not charging", description: "The USB-C dock powers the screens but does not charge the laptop.", priority: "P3", category: "hardware", status: "in_progress", assignee: A2, requester: R, hoursAgo: 14,
    comments: [c(A2, 120, true, "Which dock model is it? The label is underneath.")] },
  { team: "OPS", title: "Firewall rule for the build server", description: "Open TCP 8443 from the build server to the artifact store.", priority: "P3", category: "network", status: "closed", assignee: A1, requester: A2, hoursAgo: 60, doneHours: 6,
    comments: [c(A1, 200, true, "Rule added and tested.")] },
  { team: "OPS", title: "Server room temperature alarm", description: "The sensor in the server room reports 31 °C.", priority: "P1", category: "hardware", status: "resolved", assignee: A2, requester: M, hoursAgo: 50, doneHours: 2.75,
    comments: [c(A2, 10, true, "On site; one cooling unit tripped."), c(A2, 150, true, "Unit restarted, temperature back to 22 °C."), c(A2, 160, false, "Facilities should service the unit; ticket raised with them.")] },
  { team: "OPS", title: "Switch port flapping", description: "Port 24 on the core switch keeps going up and down.", priority: "P2", category: "network", status: "new", assignee: null, requester: A1, hoursAgo: 0.6 },
  { team: "OPS", title: "Keyboard keys sticky", description: "Several keys stick after a coffee accident.", priority: "P4", category: "hardware", status: "closed", assignee: A2, requester: R, hoursAgo: 70, doneHours: 30,
    comments: [c(A2, 300, true, "Swapped the keyboard."), c(R, 2000, true, "All good.")] },
  { team: "OPS", title: "Guest Wi-Fi password rotation", description: "The guest password should change monthly; please rotate it for this month.", priority: "P4", category: "network", status: "open", assignee: null, requester: M, hoursAgo: 8 },
  { team: "OPS", title: "Projector in room Aquarius hums", description: "The ceiling projector makes a loud humming noise.", priority: "P4", category: "hardware", status: "pending", assignee: A2, requester: R, hoursAgo: 60,
    comments: [c(A2, 600, true, "Fan replacement ordered."), c(A2, 610, false, "Vendor says 2 weeks.")] },
  { team: "OPS", title: "Packet loss to the payment gateway", description: "About 4 % packet loss to the payment provider since this morning; checkouts time out.", priority: "P1", category: "network", status: "in_progress", assignee: A1, requester: R, hoursAgo: 3.3, customer: "Initech", tags: ["payments"],
    comments: [c(A1, 8, true, "Investigating with our upstream provider."), c(M, 30, false, "Keep me posted every 30 minutes.")] },
  { team: "OPS", title: "Replace UPS batteries", description: "UPS self-test reports weak batteries in rack B.", priority: "P3", category: "hardware", status: "new", assignee: null, requester: A2, hoursAgo: 2.5 },
  { team: "OPS", title: "Slow file share", description: "Opening files on the S: drive takes minutes.", priority: "P3", category: "software", status: "resolved", assignee: A2, requester: R, hoursAgo: 50, doneHours: 48,
    comments: [c(A2, 240, true, "Antivirus was scanning the share on every open; excluded it."), c(A2, 250, false, "Change approved by security.")] },
  { team: "OPS", title: "Network cable in meeting room broken", description: "The wall socket cable in room Orion is cut.", priority: "P4", category: "network", status: "open", assignee: A1, requester: R, hoursAgo: 20,
    comments: [c(R, 100, true, "Any update on this?")] },
  { team: "OPS", title: "Laptop will not boot", description: "Black screen after the BIOS logo.", priority: "P2", category: "hardware", status: "in_progress", assignee: A2, requester: R, hoursAgo: 7.2,
    comments: [c(A2, 25, true, "Bring it to the IT desk; we will image it if needed.")] },
  { team: "OPS", title: "Request a static IP for the lab printer", description: "The lab printer needs a fixed address for scanning to folders.", priority: "P4", category: "network", status: "closed", assignee: A1, requester: A2, hoursAgo: 55, doneHours: 4,
    comments: [c(A1, 200, true, "Reserved 10.2.0.45 in DHCP.")] },
  { team: "OPS", title: "Headset microphone crackles", description: "Colleagues hear crackling during calls.", priority: "P4", category: "hardware", status: "new", assignee: null, requester: R, hoursAgo: 3 },
  { team: "DESK", title: "Cannot log in to the HR portal", description: "The HR portal says my account is locked.", priority: "P2", category: "access", status: "in_progress", assignee: A3, requester: R, hoursAgo: 4.5,
    comments: [c(A3, 15, true, "Unlocked; please try again and tell me if it works."), c(A3, 16, false, "Locked after 5 failed attempts from an unknown IP; watch for more.")] },
  { team: "DESK", title: "Install Visual Studio Code", description: "I need VS Code on my workstation for the analytics project.", priority: "P4", category: "software", status: "resolved", assignee: A2, requester: R, hoursAgo: 30, doneHours: 5,
    comments: [c(A2, 120, true, "Installed through the software centre.")] },
  { team: "DESK", title: "Access to the finance shared drive", description: "Please grant read access to the finance drive for the quarterly report.", priority: "P3", category: "access", status: "pending", assignee: A3, requester: R, hoursAgo: 28,
    comments: [c(A3, 60, true, "Waiting for approval from the finance lead."), c(A3, 61, false, "Approval request sent to the finance lead by email.")] },
  { team: "DESK", title: "Outlook crashes on start", description: "Outlook closes right after the splash screen since the update.", priority: "P2", category: "software", status: "open", assignee: A2, requester: R, hoursAgo: 6.3,
    comments: [c(A2, 40, true, "Please start it in safe mode (outlook.exe /safe) and tell me what happens.")] },
  { team: "DESK", title: "New starter account for J. Doe", description: "Create accounts for a new colleague starting next Monday.", priority: "P3", category: "access", status: "new", assignee: null, requester: M, hoursAgo: 3.5 },
  { team: "DESK", title: "Password reset for the CRM", description: "Forgot my CRM password.", priority: "P3", category: "access", status: "closed", assignee: A3, requester: R, hoursAgo: 45, doneHours: 1,
    comments: [c(A3, 20, true, "Reset link sent."), c(R, 50, true, "Got it, thanks.")] },
  { team: "DESK", title: "Excel macro fails", description: "The monthly report macro stops with a runtime error 1004.", priority: "P3", category: "software", status: "in_progress", assignee: A2, requester: R, hoursAgo: 30,
    comments: [c(A2, 300, true, "Could you attach the workbook?"), c(R, 420, true, "Attached the file."), c(A2, 500, false, "Macro references a sheet renamed in the template.")] },
  { team: "DESK", title: "MFA phone replaced", description: "I have a new phone and cannot get MFA codes.", priority: "P2", category: "access", status: "resolved", assignee: A3, requester: R, hoursAgo: 75, doneHours: 2,
    comments: [c(A3, 30, true, "MFA reset; enrol the new phone at the next sign-in.")] },
  { team: "DESK", title: "Software licence for Adobe Acrobat", description: "I need to edit PDFs for contracts.", priority: "P4", category: "software", status: "open", assignee: null, requester: R, hoursAgo: 110,
    comments: [c(R, 2000, true, "Is there an update on the licence?")] },
  { team: "DESK", title: "Café ordering app shows an error", description: "The café ordering app on the intranet says 'service unavailable'.", priority: "P3", category: "software", status: "new", assignee: null, requester: R, hoursAgo: 1 },
  { team: "DESK", title: "Remove access for a leaver", description: "Disable all accounts of a colleague who left on Friday.", priority: "P2", category: "access", status: "closed", assignee: A3, requester: M, hoursAgo: 210, doneHours: 3,
    comments: [c(A3, 60, true, "All accounts disabled and the mailbox converted to shared.")] },
  { team: "DESK", title: "Teams calls drop", description: "Calls in Teams drop after a few minutes on the desktop client.", priority: "P2", category: "software", status: "pending", assignee: A2, requester: R, hoursAgo: 36, movedMin: 250,
    comments: [c(A2, 40, true, "Does it happen in the browser too, or only in the desktop client?"), c(R, 180, true, "Only in the desktop client."),
      c(A2, 250, true, "Please install the pending client update and tell us if it happens again."), c(A2, 255, false, "Known issue in the previous client build.")] },
  { team: "DESK", title: "Browser bookmarks lost", description: "After the profile migration my bookmarks are gone.", priority: "P4", category: "software", status: "open", assignee: A2, requester: R, hoursAgo: 10 },
  { team: "DESK", title: "Request admin rights for a training", description: "Temporary local admin rights for a two-day training.", priority: "P3", category: "access", status: "new", assignee: null, requester: A1, hoursAgo: 0.5 },
  { team: "DESK", title: "ERP shows wrong currency", description: "Invoices show USD instead of EUR for a German customer.", priority: "P1", category: "software", status: "in_progress", assignee: A2, requester: M, hoursAgo: 2.2, customer: "Globex",
    comments: [c(A2, 12, true, "Reproduced; the customer's master data was changed yesterday."), c(M, 20, false, "Check who changed it.")] },
  { team: "DESK", title: "Shared mailbox access", description: "I need access to the support@ shared mailbox.", priority: "P4", category: "access", status: "pending", assignee: A3, requester: R, hoursAgo: 40,
    comments: [c(A3, 200, true, "Your manager needs to approve this; I asked them.")] },
];
