import { createRoute } from "@hono/zod-openapi";
import { actionContext } from "../http/action-context";
import { authenticate } from "../http/auth";
import { IdempotencyHeaders, idempotent } from "../http/idempotency";
import { bearerSecurity, errorResponses, jsonAnswer, jsonBody, pageOf } from "../http/openapi";
import { toPageRequest } from "../http/pagination";
import { createRouter } from "../http/router";
import { addComment, listTicketComments } from "../services/comment-service";
import { CommentSchema, toCommentView } from "../views/comment-view";
import { CommentListQuery, CommentTicketParams, CreateCommentBody } from "./schemas/comment";

const common = { tags: ["Comments"], security: bearerSecurity };

const list = createRoute({
  ...common,
  method: "get",
  operationId: "listTicketComments",
  path: "/{id}/comments",
  summary: "List a ticket's comments",
  description: "Oldest first. Requesters see public comments only; staff see internal notes too.",
  middleware: [authenticate],
  request: { params: CommentTicketParams, query: CommentListQuery },
  responses: { 200: jsonAnswer(pageOf(CommentSchema), "One page of comments."), ...errorResponses(400, 401, 404) },
});

const create = createRoute({
  ...common,
  method: "post",
  operationId: "createTicketComment",
  path: "/{id}/comments",
  summary: "Comment on a ticket",
  description:
    "Anyone who may see the ticket; requesters write public comments only. Writes a `comment_added` history entry. " +
    "The first public comment by an agent, manager or admin sets the ticket's `firstRespondedAt` (the SLA response).",
  middleware: [authenticate, idempotent("comments.create")],
  request: { params: CommentTicketParams, headers: IdempotencyHeaders, body: jsonBody(CreateCommentBody) },
  responses: { 201: jsonAnswer(CommentSchema, "The new comment."), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

/** `GET` and `POST /tickets/{id}/comments`; mount under `/api/v1/tickets`. */
export const commentRoutes = createRouter()
  .openapi(list, async (c) => {
    const page = await listTicketComments(actionContext(c), c.req.valid("param").id, toPageRequest(c.req.valid("query")));
    return c.json({ items: page.items.map(toCommentView), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const comment = await addComment(actionContext(c), c.req.valid("param").id, c.req.valid("json"));
    return c.json(toCommentView(comment), 201);
  });
