/**
 * The hand-written demo tickets of demo-data.mjs as lives for replay.mjs: each is filed `hoursAgo`
 * hours of its SLA calendar before seeding, and its comments, assignment and moves follow at their
 * offsets in wall time (never later than a minute before `now`).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The latest instant at or before `end` from which `ms` business ms of `calendar` have passed by
 * `end` (`end - ms` on 24x7): a ticket filed then has exactly that much SLA time behind it.
 * `businessMsBetween` is the Worker's; it does not grow as the start moves later, so a binary
 * search over whole ms finds the instant.
 */
export function businessInstantBefore(businessMsBetween, calendar, end, ms) {
  if (calendar === null || ms <= 0) return end - Math.max(0, ms);
  let gap = ms;
  while (businessMsBetween(calendar, end - gap, end) < ms) {
    gap *= 2;
    if (gap > 20 * 366 * 24 * HOUR) throw new Error("The calendar never opens long enough.");
  }
  let [lo, hi] = [end - gap, end]; // f(lo) >= ms > f(hi)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessMsBetween(calendar, mid, end) >= ms) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * One spec of `demo.tickets` as a life: assigned by the manager five minutes in, one legal move
 * from new to its status (a closed ticket is resolved first, then closed two hours later), and its
 * comments. `team` is the spec's team; the governance gives the calendar `hoursAgo` counts on.
 */
export function demoLife(data, spec, team, now, sla, governance) {
  // `hoursAgo` counts on the ticket's SLA calendar (wall hours on 24x7), see demo-data.mjs.
  const createdAt = businessInstantBefore(sla.businessMsBetween, governance?.calendar ?? null, now, Math.round(spec.hoursAgo * HOUR));
  // Never in the future, even for a spec whose offsets run past `now`.
  const at = (offset) => Math.min(createdAt + offset, now - MINUTE);
  const doneAt = spec.doneHours === undefined ? undefined : at(spec.doneHours * HOUR);
  const closedAt = spec.status === "closed" ? at(spec.doneHours * HOUR + 2 * HOUR) : null;
  const moves = { new: [], closed: [["resolved", doneAt], ["closed", closedAt]], resolved: [["resolved", doneAt]] }[spec.status] ?? [
    [spec.status, at((spec.movedMin ?? 30) * MINUTE)],
  ];
  const mover = spec.assignee ?? "demo-manager";
  const events = [
    ...(spec.assignee ? [{ at: at(5 * MINUTE), actor: "demo-manager", kind: "assign", assignee: spec.assignee }] : []),
    ...moves.map(([to, movedAt]) => ({ at: movedAt, actor: mover, kind: "move", to })),
    ...(spec.comments ?? []).map((comment) => ({ at: at(comment.min * MINUTE), actor: comment.author, kind: "comment", public: comment.public, body: comment.body })),
  ];
  return {
    teamId: team.id, teamKey: team.key, orgId: data.organization.id, createdAt, events,
    title: spec.title, description: spec.description, priority: spec.priority, category: spec.category,
    requester: spec.requester, customer: spec.customer ?? null, tags: spec.tags ?? [],
  };
}
