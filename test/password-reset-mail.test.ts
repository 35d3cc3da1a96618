import { describe, expect, it } from "vitest";
import { api, createUser, registerOrg } from "./helpers";
import { fetchWith, withSmtp } from "./delivery-fixtures";
import { parseMail, receivedMail } from "./mail-helpers";

describe("the password-reset mail", () => {
  it("goes out over SMTP with an APP_URL link whose token sets the new password", async () => {
    const admin = await registerOrg("Reset Co");
    const user = await createUser(admin, "agent", "Rita Reset");
    const res = await fetchWith({ ...withSmtp(), APP_URL: "https://desk.example.com/" }, "POST", "/api/v1/auth/forgot-password", { email: user.user.email });
    expect(res.status).toBe(202);

    const mails = await receivedMail(user.user.email);
    expect(mails).toHaveLength(1);
    const mail = parseMail(mails[0]!.raw);
    const text = mail.parts.find((part) => part.contentType === "text/plain")!.body;
    expect(mail.parts.map((part) => part.contentType).sort()).toEqual(["text/html", "text/plain"]);
    expect(text).toContain("Rita Reset");
    const token = /https:\/\/desk\.example\.com\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();

    const reset = await api("POST", "/api/v1/auth/reset-password", { body: { token, password: "a-brand-new-password" } });
    expect(reset.status, reset.text).toBe(204);
    const login = await api("POST", "/api/v1/auth/login", { body: { email: user.user.email, password: "a-brand-new-password" } });
    expect(login.status, login.text).toBe(200);
  });

  it("answers the same 202 and sends nothing for an unknown address", async () => {
    const email = `nobody-${crypto.randomUUID()}@example.test`;
    const res = await fetchWith(withSmtp(), "POST", "/api/v1/auth/forgot-password", { email });
    expect(res.status).toBe(202);
    expect(await receivedMail(email)).toEqual([]);
  });
});
