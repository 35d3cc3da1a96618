import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteTicketObjects, purgeTicketObjects } from "../src/services/attachment-service";
import { binaryPayload, chunkedBody, expectSameBytes, MIB, objectKeys, send, sha256Hex, uploadForm, uploadRaw } from "./attachment-helpers";
import { api, expectError, type Session } from "./helpers";
import { fileTicket, historyOf, ticketOrg, type Team } from "./ticket-fixtures";

let admin: Session;
let manager: Session;
let agent: Session;
let otherAgent: Session;
let requester: Session;
let otherRequester: Session;
let foreign: Session;
let ops: Team;

beforeAll(async () => {
  ({ admin, manager, agent, outsider: otherAgent, requester, otherRequester, foreign, ops } = await ticketOrg("Files Co"));
});

// Tens of megabytes through the local runtime take seconds, more on a busy CI machine.
const BIG_TIMEOUT = 60_000;

const download = (session: Session | undefined, id: string, headers: Record<string, string> = {}) =>
  send("GET", `/api/v1/attachments/${id}`, { token: session?.accessToken, headers });
const listOf = (session: Session | undefined, ticketId: string, query = "") => api("GET", `/api/v1/tickets/${ticketId}/attachments${query}`, { token: session?.accessToken });

describe("uploading and downloading", () => {
  it("gives back exactly the bytes of a raw binary upload, with its sha256 stored", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const bytes = binaryPayload(300_000);
    expect(() => new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)).toThrow();
    const res = await uploadRaw(agent.accessToken, ticket.id, "capture.bin", bytes);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(String),
      name: "capture.bin",
      size: bytes.byteLength,
      contentType: "application/octet-stream",
      sha256: await sha256Hex(bytes),
      uploadedBy: agent.user.id,
      at: expect.any(String),
    });
    expect(res.headers.get("Location")).toBe(`/api/v1/attachments/${res.json.id}`);

    const got = await download(requester, res.json.id);
    expect(got.status).toBe(200);
    expectSameBytes(got.bytes, bytes);
    expect(await sha256Hex(got.bytes)).toBe(res.json.sha256);
    expect(got.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(got.headers.get("Content-Length")).toBe(String(bytes.byteLength));
    expect(got.headers.get("Content-Disposition")).toBe(`attachment; filename="capture.bin"; filename*=UTF-8''capture.bin`);
    expect(got.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(got.headers.get("ETag")).toBe(`"${res.json.sha256}"`);
    expect(got.headers.get("X-Request-Id")).toBeTruthy();
  });

  it("takes a multipart file with a UTF-8 name and serves it under that name", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const bytes = binaryPayload(70_000, new TextEncoder().encode("%PDF-1.7\n"));
    const res = await uploadForm(requester.accessToken, ticket.key, "Résumé (final).pdf", bytes, "application/pdf");
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: "Résumé (final).pdf", size: bytes.byteLength, contentType: "application/pdf", sha256: await sha256Hex(bytes) });
    const got = await download(manager, res.json.id);
    expectSameBytes(got.bytes, bytes);
    expect(got.headers.get("Content-Type")).toBe("application/pdf");
    expect(got.headers.get("Content-Disposition")).toBe(`attachment; filename="R_sum_ (final).pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28final%29.pdf`);
  });

  it("takes chunked raw bodies of unknown length, small and over one R2 part", async () => {
    const ticket = await fileTicket(requester, ops.id);
    for (const size of [1, 100_000, 11 * MIB + 123]) {
      const bytes = binaryPayload(size);
      const res = await uploadRaw(agent.accessToken, ticket.id, `part-${size}.dat`, chunkedBody(bytes, 100_003), "image/png");
      expect(res.status, res.text).toBe(201);
      expect(res.json).toMatchObject({ size, sha256: await sha256Hex(bytes), contentType: "image/png" });
      expectSameBytes((await download(agent, res.json.id)).bytes, bytes);
    }
  }, BIG_TIMEOUT);

  it("accepts a percent-encoded X-Filename and a body over the 1 MiB JSON limit", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const res = await uploadRaw(agent.accessToken, ticket.id, encodeURIComponent("журнал.txt"), binaryPayload(2 * MIB), "text/plain; charset=UTF-8");
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: "журнал.txt", contentType: "text/plain; charset=utf-8", size: 2 * MIB });
  });

  it("answers 304 to If-None-Match with the current ETag", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const { json } = await uploadRaw(agent.accessToken, ticket.id, "a.txt", "hello", "text/plain");
    const res = await download(agent, json.id, { "If-None-Match": `"${json.sha256}"` });
    expect(res.status).toBe(304);
    expect(res.bytes.byteLength).toBe(0);
    expect((await download(agent, json.id, { "If-None-Match": '"other"' })).status).toBe(200);
  });

  it("writes an attachment_added history row in the same change", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const { json } = await uploadRaw(agent.accessToken, ticket.id, "log.txt", "line 1\n", "text/plain");
    expect((await historyOf(manager, ticket.id)).at(-1)).toMatchObject({
      action: "attachment_added",
      actorId: agent.user.id,
      from: null,
      to: { id: json.id, name: "log.txt", size: 7 },
    });
  });
});

describe("listing", () => {
  it("lists a ticket's attachments oldest first, by page", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const ids: string[] = [];
    for (const name of ["one.txt", "two.txt", "three.txt"]) ids.push((await uploadRaw(agent.accessToken, ticket.id, name, name, "text/plain")).json.id);
    const all = await listOf(requester, ticket.id);
    expect(all.status, all.text).toBe(200);
    expect(all.json.nextCursor).toBeNull();
    expect(all.json.items.map((item: { id: string }) => item.id)).toEqual(ids);
    expect(Object.keys(all.json.items[0]).sort()).toEqual(["at", "contentType", "id", "name", "sha256", "size", "uploadedBy"]);
    const first = await listOf(requester, ticket.id, "?limit=2");
    expect(first.json.items).toHaveLength(2);
    const rest = await listOf(requester, ticket.id, `?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(rest.json).toEqual({ items: [all.json.items[2]], nextCursor: null });
  });
});

describe("limits", () => {
  const tooBig = () => binaryPayload(26 * MIB);

  it("refuses more than 25 MiB with 413, announced or streamed, raw or multipart, storing nothing", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const refused = [
      await uploadRaw(agent.accessToken, ticket.id, "big.bin", tooBig()),
      await uploadRaw(agent.accessToken, ticket.id, "big.bin", chunkedBody(tooBig(), MIB)),
      await uploadForm(agent.accessToken, ticket.id, "big.bin", tooBig()),
    ];
    for (const res of refused) expect(expectError(res, 413, "E_PAYLOAD_TOO_LARGE").details).toEqual({ limitBytes: 25 * MIB });
    expect((await listOf(agent, ticket.id)).json.items).toEqual([]);
    expect(await objectKeys(admin.user.orgId, ticket.id)).toEqual([]);
    expect((await historyOf(agent, ticket.id)).map((entry) => entry.action)).toEqual(["created"]);
  }, BIG_TIMEOUT);

  it("takes exactly 25 MiB", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const bytes = binaryPayload(25 * MIB);
    const res = await uploadRaw(agent.accessToken, ticket.id, "max.bin", chunkedBody(bytes, MIB));
    expect(res.status, res.text).toBe(201);
    expect(res.json.sha256).toBe(await sha256Hex(bytes));
  }, BIG_TIMEOUT);

  describe("refuses executables with 415, storing nothing", () => {
    const mz = binaryPayload(4096, new TextEncoder().encode("MZ\x90\x00"));
    const byMagic = { magicBytes: "MZ (Windows/DOS executable)" };
    const cases: [string, (token: string, ticketId: string) => ReturnType<typeof uploadRaw>, Record<string, string>][] = [
      ["by name, raw", (token, id) => uploadRaw(token, id, "setup.exe", "harmless text", "text/plain"), { extension: ".exe" }],
      ["by name, multipart", (token, id) => uploadForm(token, id, "tool.EXE", new Uint8Array([1, 2, 3])), { extension: ".exe" }],
      ["by type", (token, id) => uploadRaw(token, id, "data.bin", "plain", "application/x-msdownload"), { contentType: "application/x-msdownload" }],
      ["by magic bytes: report.pdf starting with MZ, raw", (token, id) => uploadRaw(token, id, "report.pdf", mz, "application/pdf"), byMagic],
      ["by magic bytes: report.pdf starting with MZ, multipart", (token, id) => uploadForm(token, id, "report.pdf", mz, "application/pdf"), byMagic],
      ["by magic bytes split across chunks", (token, id) => uploadRaw(token, id, "report.pdf", chunkedBody(mz, 1), "application/pdf"), byMagic],
      ["by a shebang", (token, id) => uploadRaw(token, id, "notes.txt", "#!/bin/sh\nrm -rf /\n", "text/plain"), { magicBytes: "#! script" }],
    ];
    for (const [name, upload, details] of cases) {
      it(name, async () => {
        const ticket = await fileTicket(requester, ops.id);
        const res = await upload(agent.accessToken, ticket.id);
        expect(expectError(res, 415, "E_UNSUPPORTED_MEDIA_TYPE").details).toEqual(details);
        expect((await listOf(agent, ticket.id)).json.items).toEqual([]);
        expect(await objectKeys(admin.user.orgId, ticket.id)).toEqual([]);
      });
    }
  });

  it("names what is missing or unknown in a malformed upload", async () => {
    const ticket = await fileTicket(requester, ops.id);
    const path = `/api/v1/tickets/${ticket.id}/attachments`;
    const noName = await send("POST", path, { token: agent.accessToken, body: "x", headers: { "Content-Type": "text/plain" } });
    expect(expectError(noName, 400, "E_VALIDATION").details.issues).toEqual([{ path: "x-filename", message: expect.any(String) }]);

    const extra = new FormData();
    extra.append("file", new File(["a"], "a.txt"));
    extra.append("ticketId", "other");
    expect(expectError(await send("POST", path, { token: agent.accessToken, body: extra }), 400, "E_VALIDATION").details.issues).toEqual([
      { path: "ticketId", message: "Unknown field." },
    ]);
    const twoFiles = new FormData();
    twoFiles.append("file", new File(["a"], "a.txt"));
    twoFiles.append("file", new File(["b"], "b.txt"));
    const noFile = new FormData();
    noFile.append("file", "just text");
    for (const form of [twoFiles, noFile, new FormData()]) {
      const res = await send("POST", path, { token: agent.accessToken, body: form });
      expect(expectError(res, 400, "E_VALIDATION").details.issues).toEqual([{ path: "file", message: expect.any(String) }]);
    }
    const broken = await send("POST", path, { token: agent.accessToken, body: "not a form", headers: { "Content-Type": "multipart/form-data; boundary=xyz" } });
    expectError(broken, 400, "E_MALFORMED_MULTIPART");
    expect(await objectKeys(admin.user.orgId, ticket.id)).toEqual([]);
  });

  it("keeps the JSON rules on every other write", async () => {
    const res = await send("POST", "/api/v1/tickets", { token: agent.accessToken, body: "title", headers: { "Content-Type": "text/plain", "X-Filename": "a.txt" } });
    expectError(res, 415, "E_UNSUPPORTED_MEDIA_TYPE");
  });
});

describe("who may see attachments", () => {
  let ticket: { id: string; key: string };
  let attachmentId: string;

  beforeAll(async () => {
    ticket = await fileTicket(requester, ops.id);
    const res = await uploadRaw(requester.accessToken, ticket.id, "mine.txt", "my own file", "text/plain");
    expect(res.status, res.text).toBe(201);
    attachmentId = res.json.id;
  });

  it("lets the requester, the team's agents, managers and admins read them", async () => {
    for (const session of [requester, agent, manager, admin]) {
      expect((await listOf(session, ticket.id)).json.items.map((item: { id: string }) => item.id)).toEqual([attachmentId]);
      expect((await download(session, attachmentId)).text).toBe("my own file");
    }
  });

  it("answers 404 to another requester, an agent of another team and another organization", async () => {
    for (const session of [otherRequester, otherAgent, foreign]) {
      expectError(await listOf(session, ticket.id), 404, "E_NOT_FOUND");
      expect(expectError(await download(session, attachmentId), 404, "E_NOT_FOUND").message).toBe("No such attachment.");
      expectError(await uploadRaw(session.accessToken, ticket.id, "x.txt", "x", "text/plain"), 404, "E_NOT_FOUND");
    }
    expect((await listOf(requester, ticket.id)).json.items).toHaveLength(1);
  });

  it("answers 401 without a token", async () => {
    expectError(await listOf(undefined, ticket.id), 401, "E_UNAUTHORIZED");
    expectError(await download(undefined, attachmentId), 401, "E_UNAUTHORIZED");
    expectError(await send("POST", `/api/v1/tickets/${ticket.id}/attachments`, { body: "x", headers: { "X-Filename": "x.txt" } }), 401, "E_UNAUTHORIZED");
  });

  it("answers 404 for an attachment that does not exist", async () => {
    expectError(await download(admin, crypto.randomUUID()), 404, "E_NOT_FOUND");
  });
});

describe("deleting a ticket's objects", () => {
  it("deletes keys in calls of at most 1,000", async () => {
    const calls: number[] = [];
    const bucket = { delete: async (keys: string[]) => void calls.push(keys.length) } as unknown as R2Bucket;
    await deleteTicketObjects(bucket, Array.from({ length: 2345 }, (_, i) => `k${i}`));
    expect(calls).toEqual([1000, 1000, 345]);
    await deleteTicketObjects(bucket, []);
    expect(calls).toHaveLength(3);
  });

  it("purges every object under a ticket's prefix and nothing else", async () => {
    const [ticket, kept] = [await fileTicket(requester, ops.id), await fileTicket(requester, ops.id)];
    for (const t of [ticket, ticket, kept]) expect((await uploadRaw(agent.accessToken, t.id, "f.txt", "f", "text/plain")).status).toBe(201);
    await purgeTicketObjects(env.ATTACHMENTS, admin.user.orgId, ticket.id);
    expect(await objectKeys(admin.user.orgId, ticket.id)).toEqual([]);
    expect(await objectKeys(admin.user.orgId, kept.id)).toHaveLength(1);
  });

  it("removes a deleted ticket's objects from R2", async () => {
    const ticket = await fileTicket(requester, ops.id);
    for (const name of ["a.txt", "b.txt"]) expect((await uploadRaw(agent.accessToken, ticket.id, name, name, "text/plain")).status).toBe(201);
    expect(await objectKeys(admin.user.orgId, ticket.id)).toHaveLength(2);
    expect((await api("DELETE", `/api/v1/tickets/${ticket.id}`, { token: manager.accessToken })).status).toBe(204);
    expect(await objectKeys(admin.user.orgId, ticket.id)).toEqual([]);
  });
});

describe("OpenAPI", () => {
  it("describes the upload as multipart or binary, and the list and download", async () => {
    const { json } = await api("GET", "/openapi.json");
    const upload = json.paths["/api/v1/tickets/{id}/attachments"].post;
    expect(Object.keys(upload.requestBody.content).sort()).toEqual(["application/octet-stream", "multipart/form-data"]);
    expect(upload.requestBody.content["multipart/form-data"].schema.properties.file).toEqual({ type: "string", format: "binary", maxLength: 25 * 1024 * 1024 });
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(["201", "413", "415"]));
    expect(json.paths["/api/v1/tickets/{id}/attachments"].get.responses["200"]).toBeDefined();
    expect(json.paths["/api/v1/attachments/{id}"].get.responses["200"].content["application/octet-stream"]).toBeDefined();
  });
});
