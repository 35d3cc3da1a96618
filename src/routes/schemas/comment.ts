import { z } from "@hono/zod-openapi";
import { IdParam } from "../../http/openapi";
import { listQuery } from "../../http/pagination";

export const CommentListQuery = listQuery(["createdAt"] as const, "createdAt");

export const CommentTicketParams = z.object({ id: IdParam.openapi({ description: "The ticket's id or its key, such as `OPS-12`." }) });

export const CreateCommentBody = z
  .strictObject({
    body: z.string().trim().min(1).max(20_000).openapi({ description: "1–20,000 characters after trimming.", example: "Restarted the VPN gateway; please try again." }),
    // Public by default, as in Zendesk and Jira: a reply is what people usually write; notes are the deliberate choice.
    public: z
      .boolean()
      .default(true)
      .openapi({ description: "`true` (the default): the requester sees it. `false`: an internal note, for staff only; a requester sending `false` gets 403." }),
  })
  .openapi("CreateCommentRequest");
