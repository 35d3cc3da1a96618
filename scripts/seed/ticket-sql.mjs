import { crossingHistory, passedCrossings, settledMetric } from "./crossings.mjs";
import { replayLife } from "./replay.mjs";
import { insertOrIgnore, insertWhere, literal, valuesRow } from "./sql-text.mjs";

/**
 * The statements of the seeded tickets: each life (demo-life.mjs, history.mjs) numbered on in its
 * team in the order given (`OPS-1`…, ids `demo-ops-1`…, never dependent on the day of seeding),
 * replayed (replay.mjs), and written with its comments, history and SLA clocks; then each team's key
 * counter. A life with `passed: true` also gets the SLA events the risk pass would have recorded
 * over it (crossings.mjs, pass id 'seed'); the hand-written demo tickets leave theirs to the pass.
 *
 * A ticket whose id or key is taken is left alone, and its history, comments, clocks and events
 * are written only with a ticket the seed itself just inserted (same `created_at`: they were
 * computed from this run's instants; the history only while it has none), so a re-run adds
 * nothing; the clocks and events only under a demo policy that is in place. Returns the
 * statements and a `summary` of the generated lives (as seeded now).
 */
export function ticketsSql(data, lives, { now, sla, governanceOf }) {
  const roles = new Map(data.users.map((user) => [user.id, user.role]));
  const counts = new Map();
  const statements = [];
  const summary = { tickets: 0, done: 0, open: 0, reopened: 0, breaches: 0, events: 0 };
  for (const life of lives) {
    const number = (counts.get(life.teamId) ?? 0) + 1;
    counts.set(life.teamId, number);
    const numbered = { ...life, number, id: `demo-${life.teamKey.toLowerCase()}-${number}`, key: `${life.teamKey}-${number}` };
    const governance = governanceOf(life);
    const { ticket, comments, history, metrics, states } = replayLife(numbered, { roles, sla, governance, now });
    const ref = { id: ticket.id, orgId: ticket.org_id, teamId: ticket.team_id };
    const events = life.passed && governance ? passedCrossings(sla, governance, ref, states, now) : [];
    statements.push(...ticketStatements(ticket, comments, history, events, life.passed ? metrics.map((row) => settledMetric(row, now)) : metrics));
    if (life.passed) tally(summary, ticket, events);
  }
  // Only upward, so tickets filed through the API keep their keys and the next one gets a fresh one.
  for (const [teamId, highest] of counts) {
    statements.push(`UPDATE teams SET last_ticket_number = max(last_ticket_number, ${highest}) WHERE id = ${literal(teamId)};`);
  }
  return { statements, summary };
}

/** Counts one generated ticket into the seed's summary line. */
function tally(summary, ticket, events) {
  summary.tickets += 1;
  summary[["resolved", "closed"].includes(ticket.status) ? "done" : "open"] += 1;
  summary.reopened += ticket.reopen_count > 0 ? 1 : 0;
  summary.breaches += events.filter((event) => event.band === "breached").length;
  summary.events += events.length;
}

function ticketStatements(ticket, comments, history, events, metrics) {
  const id = literal(ticket.id);
  const inserted = `EXISTS (SELECT 1 FROM tickets WHERE id = ${id} AND created_at = ${literal(ticket.created_at)})`;
  const policyId = metrics[0]?.policy_id;
  const governed = `EXISTS (SELECT 1 FROM sla_policies WHERE id = ${literal(policyId ?? null)} AND org_id = ${literal(ticket.org_id)})`;
  const statements = [insertOrIgnore("tickets", ticket)];
  // History first, while the ticket has none: the seq order is then the order of the rows. The
  // pass's rows (flag 1) go in only with the events, that is under a demo policy.
  const rows = [...history.map((entry) => [entry, 0]), ...events.map((event) => [crossingHistory(event), 1])]
    .sort(([a], [b]) => a.at - b.at)
    .map(([entry, flag]) => valuesRow([ticket.id, entry.at, entry.actor, entry.action, entry.from ?? null, entry.to ?? null, flag]));
  statements.push(
    `INSERT INTO ticket_history (ticket_id, at, actor_id, action, from_value, to_value) SELECT column1, column2, column3, column4, column5, column6 ` +
      `FROM (VALUES ${rows.join(", ")}) WHERE ${inserted} AND NOT EXISTS (SELECT 1 FROM ticket_history WHERE ticket_id = ${id}) ` +
      `AND (column7 = 0 OR ${governed});`,
  );
  // Only with the ticket this run inserted: a later run replays more of a life (up to its own `now`),
  // and a comment of that longer life must not join the history the first run wrote.
  for (const comment of comments) {
    const values = [comment.id, ticket.id, comment.author, comment.body, comment.public, comment.at].map(literal).join(", ");
    statements.push(`INSERT OR IGNORE INTO comments (id, ticket_id, author_id, body, public, created_at) SELECT ${values} WHERE ${inserted};`);
  }
  for (const metric of metrics) statements.push(insertWhere("sla_metrics", metric, `${inserted} AND ${governed}`, { orIgnore: true }));
  if (events.length) {
    const values = events.map((e) => valuesRow([ticket.id, ticket.org_id, ticket.team_id, e.metric, e.band, e.at, e.recordedAt, "seed"]));
    statements.push(
      `INSERT OR IGNORE INTO sla_events (ticket_id, org_id, team_id, metric, band, at, recorded_at, pass_id) SELECT * FROM (VALUES ${values.join(", ")}) ` +
        `WHERE ${inserted} AND ${governed};`,
    );
  }
  return statements;
}
