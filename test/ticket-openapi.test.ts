import { expect, it } from "vitest";
import { api } from "./helpers";

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
  const res = await api("GET", "/openapi.json");
  expect(res.status).toBe(200);
  for (const [method, path] of OPERATIONS) {
    const operation = res.json.paths[path]?.[method];
    expect(operation, `${method} ${path}`).toMatchObject({ summary: expect.any(String), security: [{ bearerAuth: [] }] });
    expect(operation.responses["401"], `${method} ${path} 401`).toBeDefined();
  }
  const create = res.json.paths["/api/v1/tickets"].post.requestBody.content["application/json"].schema;
  expect(JSON.stringify(res.json.components.schemas.CreateTicketRequest ?? create)).toContain("CRITICAL");
  expect(res.json.components.schemas.Ticket.properties.sla).toBeDefined();
});
