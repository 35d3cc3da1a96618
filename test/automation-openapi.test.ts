import { expect, it } from "vitest";
import { AUTOMATION_EVENTS, CONDITION_FIELDS, CONDITION_OPS } from "../src/domain/automation-rules";
import { expectDocumented } from "./openapi-helpers";

const OPERATIONS = [
  ["get", "/api/v1/automations"],
  ["post", "/api/v1/automations"],
  ["get", "/api/v1/automations/{id}"],
  ["put", "/api/v1/automations/{id}"],
  ["delete", "/api/v1/automations/{id}"],
  ["post", "/api/v1/automations/{id}/dry-run"],
] as const;

it("documents every automation operation with bearer security, its error answers and the rule language", async () => {
  const doc = await expectDocumented(OPERATIONS);
  for (const [method, path] of OPERATIONS) {
    const operation = doc.paths[path][method];
    expect(operation.tags, `${method} ${path}`).toEqual(["Automations"]);
    expect(operation.responses["403"], `${method} ${path} 403`).toBeDefined();
    if (path.includes("{id}")) expect(operation.responses["404"], `${method} ${path} 404`).toBeDefined();
  }
  for (const [method, path] of [["post", "/api/v1/automations"], ["put", "/api/v1/automations/{id}"], ["post", "/api/v1/automations/{id}/dry-run"]] as const) {
    expect(doc.paths[path][method].responses["400"], `${method} ${path} 400`).toBeDefined();
  }

  const request = doc.components.schemas.AutomationRequest;
  expect(request.required).toEqual(["name", "on", "then"]);
  expect(request.additionalProperties).toBe(false);
  expect(request.properties.on.enum).toEqual([...AUTOMATION_EVENTS]);
  expect(request.properties.then.items).toEqual({ $ref: "#/components/schemas/AutomationAction" });
  expect(request.example).toMatchObject({ name: expect.any(String), on: expect.any(String), then: expect.any(Array) });
  const condition = doc.components.schemas.AutomationCondition;
  expect(condition.properties.field.enum).toEqual([...CONDITION_FIELDS]);
  expect(condition.properties.op.enum).toEqual([...CONDITION_OPS]);
  const actions = JSON.stringify(doc.components.schemas.AutomationAction);
  for (const action of ["assign", "set_priority", "set_team", "add_tag", "notify", "escalate", "set_status", "comment"]) expect(actions).toContain(`"${action}"`);
  expect(Object.keys(doc.components.schemas.Automation.properties)).toEqual(["id", "name", "enabled", "on", "if", "then", "position", "createdAt", "updatedAt"]);
  expect(doc.paths["/api/v1/automations/{id}/dry-run"].post.description).toContain("changed_to");
  expect(doc.components.schemas.AutomationDryRunRequest.properties.event.enum).toEqual([...AUTOMATION_EVENTS]);
});
