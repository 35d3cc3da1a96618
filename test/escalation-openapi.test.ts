import { expect, it } from "vitest";
import { expectDocumented } from "./openapi-helpers";

it("documents the escalation operations and the ticket's escalation block", async () => {
  const doc = await expectDocumented([
    ["get", "/api/v1/teams/{id}/escalation-policy"],
    ["put", "/api/v1/teams/{id}/escalation-policy"],
    ["post", "/api/v1/tickets/{id}/escalate"],
    ["post", "/api/v1/tickets/{id}/acknowledge"],
    ["get", "/api/v1/escalations"],
  ]);
  expect(doc.components.schemas.Ticket.properties.escalation).toBeDefined();
  expect(JSON.stringify(doc.components.schemas.AssignRequest)).toContain("auto");
  expect(doc.components.schemas.TeamMember.properties.maxActive).toBeDefined();
});
