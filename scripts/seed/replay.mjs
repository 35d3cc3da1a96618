/**
 * One ticket's life replayed through the Worker's own rules, as the rows the API would have left:
 * the ticket, its comments, its history and its SLA clocks. A life is the ticket as filed at
 * `createdAt` plus the later `events`, each `{ at, actor, kind }`:
 *   { kind: "assign", assignee }        an assignment, as `assignTicket` records it
 *   { kind: "move", to }                a status change, as `changeStatus` makes it (`planStatusChange` decides what it sets)
 *   { kind: "comment", public, body }   a comment, as `addComment` adds it; a public one by staff is a response (contract §4)
 * The `sla` functions are the Worker's (see seed.mjs), so nothing here re-implements a rule.
 */

const STAFF = new Set(["admin", "manager", "agent"]);

/**
 * Replays `life` (numbered: `id`, `number`, `key`) and returns `{ ticket, comments, history,
 * metrics, states }`. `states` are the ticket's clocks after each step, `{ at, clocks }`, for the
 * risk pass of crossings.mjs; `metrics` are the clocks as stored at `now` (none without governance).
 */
export function replayLife(life, { roles, sla, governance, now }) {
  const { id } = life;
  const history = [{ at: life.createdAt, actor: life.requester, action: "created", to: { teamId: life.teamId, priority: life.priority, title: life.title } }];
  const comments = [];
  let lifecycle = { status: "new", reopenCount: 0, firstRespondedAt: null, resolvedAt: null, closedAt: null };
  let assignee = null;
  let clocks = governance ? sla.startClocks(governance, life.createdAt) : null;
  const states = clocks ? [{ at: life.createdAt, clocks }] : [];
  // Comment ids follow the order the life lists them in, whatever their instants.
  let commentCount = 0;
  const events = life.events.map((event) => (event.kind === "comment" ? { ...event, id: `${id}-c${++commentCount}` } : event));
  for (const event of events.toSorted((a, b) => a.at - b.at)) {
    const { at, actor } = event;
    if (event.kind === "assign") {
      history.push({ at, actor, action: "assigned", from: { assigneeId: assignee }, to: { assigneeId: event.assignee } });
      assignee = event.assignee;
    } else if (event.kind === "move") {
      const from = lifecycle.status;
      // The instant stands in for the Date the API passes: the plan only copies it into the fields it sets.
      const plan = sla.planStatusChange(lifecycle, event.to, roles.get(actor), at);
      if (!plan.ok) throw new Error(`Seed ticket ${id}: ${actor} cannot move it from ${from} to ${event.to} (${plan.reason}).`);
      lifecycle = { ...lifecycle, ...plan.changes };
      history.push({ at, actor, action: plan.reopened ? "reopened" : "status_changed", from: { status: from }, to: { status: event.to } });
      if (clocks) clocks = sla.clocksAfterMove(governance.calendar, clocks, from, event.to, at);
    } else {
      comments.push({ id: event.id, author: actor, body: event.body, public: event.public, at });
      history.push({ at, actor, action: "comment_added", to: { commentId: event.id, public: event.public } });
      // A reply by staff is the first response, as `addComment` records it (first one wins).
      if (event.public && STAFF.has(roles.get(actor))) {
        lifecycle = { ...lifecycle, firstRespondedAt: lifecycle.firstRespondedAt ?? at };
        if (clocks) clocks = { ...clocks, response: sla.meetClock(clocks.response, at) };
      }
    }
    if (clocks) states.push({ at, clocks });
  }
  const ticket = {
    id, org_id: life.orgId, team_id: life.teamId, number: life.number, key: life.key,
    title: life.title, description: life.description, priority: life.priority, category: life.category, status: lifecycle.status,
    assignee_id: assignee, requester_id: life.requester, customer: life.customer ?? null, tags: life.tags ?? [],
    // Each field change the API makes bumps the version; comments do not.
    version: 1 + history.filter((entry) => ["assigned", "status_changed", "reopened"].includes(entry.action)).length,
    reopen_count: lifecycle.reopenCount, escalation_level: 0, created_at: life.createdAt,
    // A comment touches the ticket too (touchTicketForComment).
    updated_at: Math.max(...history.map((entry) => entry.at)),
    first_responded_at: lifecycle.firstRespondedAt, resolved_at: lifecycle.resolvedAt, closed_at: lifecycle.closedAt,
  };
  const metrics = clocks ? metricRows(sla, governance, ticket, clocks, now) : [];
  return { ticket, comments, history, metrics, states };
}

/** The ticket's clocks stored as `clockRows` makes them at `now`: column names are the table's, instants ms. */
function metricRows(sla, governance, ticket, clocks, now) {
  const rows = sla.clockRows({ id: ticket.id, orgId: ticket.org_id, teamId: ticket.team_id }, governance, clocks, now);
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [sla.metricColumns[key], value instanceof Date ? value.getTime() : value])),
  );
}
