import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_STATUSES, type TicketStatus } from "../../src/domain/ticket-fields";
import { isLegalTransition, planStatusChange, type Lifecycle } from "../../src/domain/ticket-status";

const NOW = new Date("2026-11-20T09:00:00.000Z");
const EARLIER = new Date("2026-11-19T09:00:00.000Z");

// The contract's table (§3), written out again on purpose: the test must not read the code's table.
const LEGAL = new Set([
  "new>open", "new>in_progress", "new>pending", "new>resolved", "new>closed",
  "open>in_progress", "open>pending", "open>resolved", "open>closed",
  "in_progress>open", "in_progress>pending", "in_progress>resolved",
  "pending>open", "pending>in_progress", "pending>resolved",
  "resolved>closed", "resolved>open",
  "closed>open",
]);

const ticketIn = (status: TicketStatus): Lifecycle => ({ status, reopenCount: 2, firstRespondedAt: null, resolvedAt: EARLIER, closedAt: null });

describe("the state machine", () => {
  for (const from of TICKET_STATUSES) {
    for (const to of TICKET_STATUSES) {
      const legal = LEGAL.has(`${from}>${to}`);
      it(`${legal ? "allows" : "refuses"} ${from} → ${to}`, () => {
        expect(isLegalTransition(from, to)).toBe(legal);
        const plan = planStatusChange(ticketIn(from), to, "admin", NOW);
        expect(plan).toEqual(legal ? expect.objectContaining({ ok: true }) : { ok: false, reason: "invalid_transition" });
      });
    }
  }

  it("counts a reopen from resolved or closed and clears the resolution", () => {
    for (const from of ["resolved", "closed"] as const) {
      const plan = planStatusChange({ ...ticketIn(from), closedAt: EARLIER }, "open", "manager", NOW);
      expect(plan).toEqual({ ok: true, reopened: true, changes: { status: "open", reopenCount: 3, resolvedAt: null, closedAt: null } });
    }
    expect(planStatusChange(ticketIn("pending"), "open", "agent", NOW)).toEqual({ ok: true, reopened: false, changes: { status: "open" } });
  });

  it("keeps reopening a closed ticket to managers and admins", () => {
    expect(planStatusChange(ticketIn("closed"), "open", "agent", NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(planStatusChange(ticketIn("closed"), "open", "requester", NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(planStatusChange(ticketIn("closed"), "open", "admin", NOW).ok).toBe(true);
  });

  it("lets a requester only withdraw, confirm or reopen", () => {
    const allowed = new Set(["new>closed", "open>closed", "resolved>closed", "resolved>open"]);
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        if (!LEGAL.has(`${from}>${to}`)) continue;
        expect(planStatusChange(ticketIn(from), to, "requester", NOW).ok, `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it("stamps the first response, the resolution and the close", () => {
    expect(planStatusChange(ticketIn("new"), "in_progress", "agent", NOW)).toMatchObject({ changes: { firstRespondedAt: NOW } });
    const responded = { ...ticketIn("open"), firstRespondedAt: EARLIER };
    expect(planStatusChange(responded, "in_progress", "agent", NOW)).toEqual({ ok: true, reopened: false, changes: { status: "in_progress" } });
    expect(planStatusChange(ticketIn("open"), "resolved", "agent", NOW)).toMatchObject({ changes: { resolvedAt: NOW } });
    expect(planStatusChange(ticketIn("resolved"), "closed", "agent", NOW)).toMatchObject({ changes: { closedAt: NOW } });
  });

  it("never lets any role make an illegal move, and never changes the reopen count otherwise", () => {
    const status = fc.constantFrom(...TICKET_STATUSES);
    const role = fc.constantFrom("admin", "manager", "agent", "requester" as const);
    fc.assert(
      fc.property(status, status, role, fc.nat(20), (from, to, who, reopens) => {
        const plan = planStatusChange({ ...ticketIn(from), reopenCount: reopens }, to, who, NOW);
        if (!isLegalTransition(from, to)) return !plan.ok && plan.reason === "invalid_transition";
        if (!plan.ok) return plan.reason === "forbidden";
        const expected = plan.reopened ? reopens + 1 : undefined;
        return plan.changes.reopenCount === expected && plan.changes.status === to;
      }),
    );
  });
});
