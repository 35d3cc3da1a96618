import { describe, expect, it } from "vitest";
import { slackEscape, webhookBody, webhookTestBody } from "../../src/notify/webhook-body";

const AT = new Date("2031-03-04T05:06:07.000Z");
const TICKET = { id: "t1", key: "SG-12", title: "<!channel> & co", status: "open" };
const BASE = {
  type: "sla.warning",
  timestamp: AT,
  message: "Resolution due soon",
  ticket: TICKET,
  ticketKey: "SG-12",
  title: "Printer <on fire>",
  link: "https://desk.example.com/tickets/t1",
};

describe("webhookBody", () => {
  it("carries type, ISO timestamp, data with metric and band, and a Slack link to the ticket", () => {
    const body = JSON.parse(webhookBody({ ...BASE, metric: "resolution", band: "warning" }));
    expect(body).toEqual({
      type: "sla.warning",
      timestamp: "2031-03-04T05:06:07.000Z",
      text: "Resolution due soon (<https://desk.example.com/tickets/t1|SG-12>)",
      blocks: [
        {
          type: "section",
          text: { type: "mrkdwn", text: "*<https://desk.example.com/tickets/t1|SG-12>* Printer &lt;on fire&gt;\nResolution due soon" },
        },
      ],
      data: { ticket: TICKET, metric: "resolution", band: "warning" },
    });
  });

  it("omits metric and band when absent or null", () => {
    expect(JSON.parse(webhookBody(BASE)).data).toEqual({ ticket: TICKET });
    expect(JSON.parse(webhookBody({ ...BASE, metric: null, band: null })).data).toEqual({ ticket: TICKET });
  });

  it("escapes hostile user text so it can neither mention, link nor break the ticket link", () => {
    const hostile = "<!channel> <https://evil.example|click> & <@U123> </x>";
    const body = JSON.parse(webhookBody({ ...BASE, title: hostile, message: `Comment: ${hostile}`, ticketKey: "SG-1|>" }));
    const texts = [body.text as string, body.blocks[0].text.text as string];
    for (const text of texts) {
      expect(text).toContain("&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; &lt;@U123&gt; &lt;/x&gt;");
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<https://evil");
      // The only `<` left opens our own link.
      expect(text.match(/</g)).toEqual(["<"]);
      expect(text).toContain("<https://desk.example.com/tickets/t1|SG-1|&gt;>");
    }
    // The data keeps the ticket as it is: programs get raw values, not Slack text.
    expect(body.data.ticket.title).toBe("<!channel> & co");
  });

  it("keeps a | or > in the link from ending Slack's link early", () => {
    const body = JSON.parse(webhookBody({ ...BASE, link: "https://desk.example.com/t?a=1&b=|x>" }));
    expect(body.text).toContain("<https://desk.example.com/t?a=1&amp;b=%7Cx&gt;|SG-12>");
  });

  it("works without a ticket, key, title or link", () => {
    const body = JSON.parse(webhookBody({ ...BASE, ticket: null, ticketKey: null, title: null, link: null }));
    expect(body.text).toBe("Resolution due soon");
    expect(body.blocks[0].text.text).toBe("Resolution due soon");
    expect(body.data).toEqual({ ticket: null });
  });

  it("keeps the section under Slack's 3000 characters without cutting an entity in half", () => {
    const body = JSON.parse(webhookBody({ ...BASE, title: "&".repeat(5000), message: "<".repeat(5000) }));
    const section = body.blocks[0].text.text as string;
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it("slackEscape touches only &, < and >", () => {
    expect(slackEscape(`a&b<c>d "e" 'f' *g* _h_`)).toBe(`a&amp;b&lt;c&gt;d "e" 'f' *g* _h_`);
  });
});

describe("webhookTestBody", () => {
  it("is a webhook.test event saying it is a test from slaguard", () => {
    const body = JSON.parse(webhookTestBody(AT));
    expect(body.type).toBe("webhook.test");
    expect(body.timestamp).toBe("2031-03-04T05:06:07.000Z");
    expect(body.text).toMatch(/test from slaguard/);
    expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: body.text } });
    expect(body.data).toEqual({ ticket: null, ping: true });
  });
});
