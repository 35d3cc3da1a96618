/**
 * The JSON body of a webhook (contract §6): Slack-compatible `text` and `blocks`, so a Slack
 * incoming-webhook URL works as is, plus the event's `type`, `timestamp` and `data` for programs.
 */

export type WebhookBodyInput = {
  type: string;
  timestamp: Date;
  message: string;
  ticket: Record<string, unknown> | null;
  ticketKey: string | null;
  title: string | null;
  metric?: string | null;
  band?: string | null;
  link: string | null;
};

// Slack refuses a section whose text is over 3000 characters; these caps keep ours well below.
const MAX_TITLE = 1000;
const MAX_MESSAGE = 1500;

/** Escapes text for Slack: only `&`, `<` and `>`, so no user text can form a link or `<!channel>`. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The body text of one event, as it is signed and sent. */
export function webhookBody(input: WebhookBodyInput): string {
  const message = clip(slackEscape(input.message), MAX_MESSAGE);
  const ref = ticketRef(input.ticketKey, input.link);
  const title = input.title === null ? "" : clip(slackEscape(input.title), MAX_TITLE);
  const text = ref === null ? message : `${message} (${ref})`;
  const heading = ref === null ? title : `*${ref}*${title === "" ? "" : ` ${title}`}`;
  const data: Record<string, unknown> = { ticket: input.ticket };
  if (input.metric != null) data.metric = input.metric;
  if (input.band != null) data.band = input.band;
  return JSON.stringify({
    type: input.type,
    timestamp: input.timestamp.toISOString(),
    text,
    blocks: [section(heading === "" ? message : `${heading}\n${message}`)],
    data,
  });
}

/** The body of the `webhook.test` event that `POST .../test` sends: no ticket, `ping: true`. */
export function webhookTestBody(timestamp: Date): string {
  const text = "This is a test from slaguard: this webhook is reachable and its deliveries are signed.";
  return JSON.stringify({
    type: "webhook.test",
    timestamp: timestamp.toISOString(),
    text,
    blocks: [section(text)],
    data: { ticket: null, ping: true },
  });
}

function section(mrkdwn: string) {
  return { type: "section", text: { type: "mrkdwn", text: mrkdwn } };
}

/** `<url|KEY>` when there is a link; a `|` or `>` in the URL would end Slack's link early. */
function ticketRef(key: string | null, link: string | null): string | null {
  if (key === null) return link === null ? null : `<${slackUrl(link)}>`;
  return link === null ? slackEscape(key) : `<${slackUrl(link)}|${slackEscape(key)}>`;
}

function slackUrl(link: string): string {
  return slackEscape(link).replace(/\|/g, "%7C");
}

/** Cuts escaped text to `max` characters without leaving half an entity such as `&am`. */
function clip(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]*$/, "")}…`;
}
