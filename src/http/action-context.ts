import type { Context } from "hono";
import type { AppEnv } from "../env";
import { roomPublisher, roomWaker, type WakeRooms } from "../live/publish";
import { deliveryEnqueuer } from "../notify/delivery-queue";
import type { ActionContext } from "../services/context";

/** The acting caller of an authenticated request, with the client's address as Cloudflare saw it. */
export function actionContext(c: Context<AppEnv>): ActionContext {
  return {
    db: c.get("db"),
    caller: c.get("caller"),
    ip: c.req.header("CF-Connecting-IP") ?? null,
    now: c.get("now"),
    accountCheck: c.get("accountCheck"),
    publish: roomPublisher(c.env.TEAM_ROOM, waitUntilOf(c)),
    enqueue: deliveryEnqueuerOf(c),
  };
}

/** The signed-in caller and the database: what a read, or a service that needs no more, takes. */
export function readerOf(c: Context<AppEnv>) {
  return { db: c.get("db"), caller: c.get("caller") };
}

/** Sends the request's committed deliveries to the queue, in its background. */
export function deliveryEnqueuerOf(c: Context<AppEnv>) {
  return deliveryEnqueuer(c.env.DELIVERIES, waitUntilOf(c));
}

/** Wakes team rooms after the request's change, in its background. */
export function roomWakerOf(c: Context<AppEnv>): WakeRooms | undefined {
  return roomWaker(c.env.TEAM_ROOM, waitUntilOf(c));
}

/** The request's `waitUntil`, where the runtime gives one (Hono throws when there is no execution context). */
export function waitUntilOf(c: Context<AppEnv>): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined;
  }
}
