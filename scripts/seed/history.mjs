import { creationInstants, randomOf } from "./history-times.mjs";
import { CUSTOMERS, SAY, TOPICS } from "./history-topics.mjs";

/**
 * The demo organization's last month, so that reports and charts have something true to show:
 * `data.history.count` tickets filed over the `days` before seeding (history-times.mjs), plus one
 * older than that still waiting on a vendor. Each is a life for replay.mjs — filed, assigned,
 * answered, worked, perhaps paused while pending, resolved, perhaps reopened, closed — planned
 * in the SLA time of its policy's calendar, then cut at `now`: whatever had not happened yet by
 * then has not happened, so the recent ones are still open at every stage. The outcomes are drawn
 * as shares of the targets (some past them: breaches); the replay through the Worker's own clock
 * code then says what really happened to each clock.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function historyLives(data, now, sla, governanceOf) {
  const { days, count, seed } = data.history;
  const calendar = data.calendars?.[0];
  const filed = creationInstants(now, { days, count, seed, timezone: calendar?.timezone ?? "UTC", holidays: calendar?.holidays ?? [] });
  const ops = data.teams.find((team) => team.key === "OPS") ?? data.teams[0];
  const oldest = plannedLife(data, "oldest", now - (days + 4) * DAY, { now, sla, governanceOf }, { team: ops, priority: "P4", stall: "pending" });
  return [oldest, ...filed.map((createdAt, i) => plannedLife(data, i, createdAt, { now, sla, governanceOf }))];
}

/** Picks by shares: `table` is `[value, share]`, the shares summing to 1. */
function weighted(u, table) {
  for (const [value, share] of table) {
    if (u < share) return value;
    u -= share;
  }
  return table.at(-1)[0];
}

/**
 * The shape of one ticket's life, all drawn up front from its own generator (keyed by `name`, so
 * its team, and with it its number and id, never depends on the day of seeding). Shares of a
 * target are SLA time; hours are wall time (people answer and confirm whenever they get to it).
 */
function shapeOf(data, name, force) {
  const random = randomOf(data.history.seed, "ticket", name);
  const chance = (p) => random() < p;
  const between = (lo, hi) => lo + (hi - lo) * random();
  const pick = (list) => list[Math.floor(random() * list.length)];
  const team = force.team ?? (chance(0.55) ? data.teams[0] : data.teams[1]);
  const priority = force.priority ?? weighted(random(), [["P1", 0.07], ["P2", 0.2], ["P3", 0.43], ["P4", 0.3]]);
  const assignee = pick(team.members).userId;
  const others = data.users.filter((user) => user.role === "agent" && user.id !== assignee).map((user) => user.id);
  const requester = weighted(random(), [["demo-requester", 0.75], ["demo-manager", 0.15], [pick(others), 0.1]]);
  return {
    team, priority, assignee, requester, topic: pick(TOPICS[team.key]), customer: chance(0.2) ? pick(CUSTOMERS) : null,
    assignMinutes: between(2, 20),
    // The response: mostly well inside its target, about one in eight late.
    response: chance(0.12) ? between(1.05, 2.5) : between(0.05, 0.85),
    byComment: chance(0.7), workMinutes: between(5, 90), ack: pick(SAY.acknowledge),
    note: chance(0.35) ? pick(SAY.internal) : null,
    // About one in seventeen never gets done: parked with the vendor, or forgotten (and breaching).
    stall: force.stall ?? (chance(0.06) ? pick(["pending", "idle"]) : null),
    // The resolution: P4's long target is mostly met early; the others breach about one time in six.
    resolution: priority === "P4" ? (chance(0.08) ? between(1.02, 1.5) : between(0.03, 0.5)) : chance(0.16) ? between(1.05, 2.2) : between(0.15, 0.9),
    pending: chance(0.25), pendingShare: between(0.3, 0.7), pendingHours: between(2, 50), wait: pick(SAY.waiting), reply: pick(SAY.reply),
    reopen: chance(0.08), reopenHours: between(3, 48), again: pick(SAY.again), rework: between(0.05, 0.4),
    thanks: chance(0.4) ? pick(SAY.thanks) : null, thanksHours: between(0.5, 20),
    close: chance(0.55), closeHours: between(20, 96), closedByRequester: chance(0.6),
    stalled: pick(SAY.stalled),
  };
}

/**
 * One generated ticket filed at `createdAt`: its shape played out as events, each at least a
 * minute after the one before, and only those before `now` kept (a prefix: the events are in order).
 */
function plannedLife(data, name, createdAt, { now, sla, governanceOf }, force = {}) {
  const shape = shapeOf(data, name, force);
  const { team, priority, assignee, requester, topic } = shape;
  const governance = governanceOf({ priority, category: topic.category, customer: shape.customer });
  if (!governance) throw new Error(`No demo policy governs a ${priority} ticket.`);
  const { calendar } = governance;
  // The instant at which `ms` of SLA time has passed since filing (before any pause), or since `from`.
  const counted = (ms) => sla.addBusinessMs(calendar, createdAt, ms);
  const after = (from, minutes) => sla.addBusinessMs(calendar, from, minutes * MINUTE);
  const response = governance.responseMinutes * MINUTE;
  const resolution = governance.resolutionMinutes * MINUTE;

  const events = [];
  let cursor = createdAt;
  const add = (at, actor, kind, rest) => {
    cursor = Math.max(Math.ceil(at / 1000) * 1000, cursor + MINUTE);
    events.push({ at: cursor, actor, kind, ...rest });
    return cursor;
  };
  const move = (at, actor, to) => add(at, actor, "move", { to });
  const say = (at, actor, body, isPublic = true) => add(at, actor, "comment", { public: isPublic, body });

  add(counted(Math.min(shape.assignMinutes * MINUTE, (shape.response * response) / 2)), "demo-manager", "assign", { assignee });
  // The response: a reply (then work starts a little later), or the move to in_progress itself.
  if (shape.byComment) {
    say(counted(shape.response * response), assignee, shape.ack);
    move(after(cursor, shape.workMinutes), assignee, "in_progress");
  } else move(counted(shape.response * response), assignee, "in_progress");
  if (shape.note) say(after(cursor, 10), assignee, shape.note, false);

  if (shape.stall === "pending") {
    say(after(cursor, 8 * 60), assignee, shape.stalled);
    move(cursor, assignee, "pending");
    say(cursor + 7 * DAY, requester, "Any news on this?");
  }
  if (!shape.stall) {
    // A pending spell waits for the requester in wall time; it adds its SLA time to the due instant.
    const target = shape.resolution * resolution;
    let paused = 0;
    if (shape.pending) {
      say(counted(shape.pendingShare * target), assignee, shape.wait);
      const pausedAt = move(cursor, assignee, "pending");
      say(pausedAt + shape.pendingHours * HOUR - 10 * MINUTE, requester, shape.reply);
      paused = sla.businessMsBetween(calendar, pausedAt, move(pausedAt + shape.pendingHours * HOUR, assignee, "in_progress"));
    }
    say(counted(target + paused), assignee, topic.fix);
    let resolvedAt = move(cursor, assignee, "resolved");
    if (shape.reopen) {
      say(resolvedAt + shape.reopenHours * HOUR, requester, shape.again);
      move(cursor, requester, "open");
      move(after(cursor, 20), assignee, "in_progress");
      say(after(cursor, (shape.rework * resolution) / MINUTE), assignee, "Found the root cause this time and fixed it for good.");
      resolvedAt = move(cursor, assignee, "resolved");
    }
    if (shape.thanks) say(resolvedAt + shape.thanksHours * HOUR, requester, shape.thanks);
    if (shape.close) move(resolvedAt + shape.closeHours * HOUR, shape.closedByRequester ? requester : assignee, "closed");
  }
  return {
    teamId: team.id, teamKey: team.key, orgId: data.organization.id, createdAt, passed: true,
    events: events.filter((event) => event.at < now),
    title: topic.title, description: topic.description, priority, category: topic.category,
    requester, customer: shape.customer, tags: [],
  };
}
