import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOTIFICATION_EVENTS } from "../../src/domain/notification-events";
import { recipientsOf } from "../../src/notify/recipients";

const people = fc.constantFrom("ana", "bo", "cy", "di", "ed");
const query = fc.record({
  type: fc.constantFrom(...NOTIFICATION_EVENTS),
  actorId: fc.option(people, { nil: null }),
  ticket: fc.record({ assigneeId: fc.option(people, { nil: null }), requesterId: people }),
  publicComment: fc.boolean(),
  teamManagers: fc.array(people, { maxLength: 3 }),
  levelPeople: fc.array(people, { maxLength: 3 }),
});

describe("recipientsOf (contract §6 defaults)", () => {
  it("never notifies the actor, never lists anyone twice", () => {
    fc.assert(
      fc.property(query, (q) => {
        const ids = recipientsOf(q);
        expect(new Set(ids).size).toBe(ids.length);
        if (q.actorId !== null) expect(ids).not.toContain(q.actorId);
      }),
    );
  });

  it("tells the assignee of every event of their ticket but their own", () => {
    fc.assert(
      fc.property(query, (q) => {
        if (q.ticket.assigneeId !== null && q.ticket.assigneeId !== q.actorId) expect(recipientsOf(q)).toContain(q.ticket.assigneeId);
      }),
    );
  });

  it("tells the requester only of creation, status changes and public comments", () => {
    fc.assert(
      fc.property(query, (q) => {
        const { requesterId, assigneeId } = q.ticket;
        const others = [assigneeId, ...q.teamManagers, ...(q.type === "ticket.escalated" ? q.levelPeople : [])];
        const expected =
          requesterId !== q.actorId &&
          (q.type === "ticket.created" || q.type === "ticket.status_changed" || (q.type === "comment.added" && q.publicComment));
        if (!others.includes(requesterId)) expect(recipientsOf(q).includes(requesterId)).toBe(expected);
      }),
    );
  });

  it("tells the team's managers of SLA events and escalations only, a level's people of its escalation", () => {
    const base = { actorId: null, ticket: { assigneeId: null, requesterId: "req" }, teamManagers: ["mgr"], levelPeople: ["lvl"] };
    for (const type of NOTIFICATION_EVENTS) {
      const ids = recipientsOf({ ...base, type });
      expect(ids.includes("mgr"), type).toBe(type.startsWith("sla.") || type === "ticket.escalated");
      expect(ids.includes("lvl"), type).toBe(type === "ticket.escalated");
    }
  });

  it("tells an internal note's ticket assignee but not its requester", () => {
    const ticket = { assigneeId: "ana", requesterId: "req" };
    expect(recipientsOf({ type: "comment.added", actorId: "bo", ticket, publicComment: false })).toEqual(["ana"]);
    expect(recipientsOf({ type: "comment.added", actorId: "bo", ticket, publicComment: true })).toEqual(["ana", "req"]);
    expect(recipientsOf({ type: "comment.added", actorId: "req", ticket, publicComment: true })).toEqual(["ana"]);
  });
});
