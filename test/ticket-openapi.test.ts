import { expect, it } from "vitest";
import { expectDocumented } from "./openapi-helpers";

const OPERATIONS = [
  ["get", "/api/v1/tickets"],
  ["post", "/api/v1/tickets"],
  ["get", "/api/v1/tickets/export"],
  ["get", "/api/v1/tickets/high-risk"],
  ["get", "/api/v1/tickets/{id}"],
  ["patch", "/api/v1/tickets/{id}"],
  ["delete", "/api/v1/tickets/{id}"],
  ["patch", "/api/v1/tickets/{id}/status"],
  ["post", "/api/v1/tickets/{id}/assign"],
  ["get", "/api/v1/tickets/{id}/history"],
  ["get", "/api/v1/tickets/{id}/comments"],
  ["post", "/api/v1/tickets/{id}/comments"],
  ["get", "/api/v1/tickets/{id}/attachments"],
  ["post", "/api/v1/tickets/{id}/attachments"],
  ["get", "/api/v1/attachments/{id}"],
] as const;

it("documents every ticket operation with bearer security and its error answers", async () => {
  const doc = await expectDocumented(OPERATIONS);
  const create = doc.paths["/api/v1/tickets"].post.requestBody.content["application/json"].schema;
  expect(JSON.stringify(doc.components.schemas.CreateTicketRequest ?? create)).toContain("CRITICAL");
  expect(doc.components.schemas.Ticket.properties.sla).toBeDefined();
});
