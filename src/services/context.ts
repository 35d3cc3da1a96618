import type { Database } from "../db/client";
import type { Caller } from "../env";
import type { AccountCheck } from "../http/account-check";
import type { Publish } from "../live/publish";
import type { EnqueueDeliveries } from "../notify/delivery-queue";

/**
 * Who acts, from where and when: what every ticket write records in its history row. A read
 * carries its pending account check, which its main query may take along (`AccountCheck.alongside`).
 */
export type ActionContext = {
  db: Database;
  caller: Caller;
  ip: string | null;
  now: Date;
  accountCheck?: AccountCheck;
  /** Hands a committed change to its team's live room (contract §7); absent where nobody listens. */
  publish?: Publish;
  /** Hands the deliveries a committed change wrote to the delivery queue (contract §6). */
  enqueue?: EnqueueDeliveries;
};
