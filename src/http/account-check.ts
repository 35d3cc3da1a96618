import { and, eq, exists, type SQL } from "drizzle-orm";
import type { AccessClaims } from "../auth/access-token";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { Caller } from "../env";
import { ApiError } from "./errors";

/**
 * The query for the account behind verified claims, as it is now: no row once deactivated or gone.
 * A plain select, not `findFirst`: drizzle cannot map an empty `findFirst` inside a batch.
 */
function accountQuery(db: Database, claims: AccessClaims) {
  return db
    .select({ id: users.id, orgId: users.orgId, role: users.role })
    .from(users)
    .where(and(eq(users.id, claims.sub), eq(users.orgId, claims.org), eq(users.active, true)))
    .limit(1);
}

type AccountQuery = ReturnType<typeof accountQuery>;

/**
 * A read request's account check. Local and remote D1 alike answer one call at a time, so the
 * cheapest check rides in the same batch as the read's own query (`alongside`); a read that does
 * not take it has it run on its own when the answer is ready (`result`). Either way it runs once.
 */
export class AccountCheck {
  private readonly query: AccountQuery;
  private settled?: Promise<Caller | undefined>;
  /** True once a write has put `guard()` into its own statements. */
  carried = false;

  constructor(
    private readonly db: Database,
    private readonly claims: AccessClaims,
  ) {
    this.query = accountQuery(db, claims);
  }

  /**
   * A condition for a write's own statements: true while the account is active with the token's
   * role. A write guarded by it does nothing for a stale token, and then asks `result()` why.
   */
  guard(): SQL {
    this.carried = true;
    const { sub, org, role } = this.claims;
    const account = this.db.select({ id: users.id }).from(users).where(and(eq(users.id, sub), eq(users.orgId, org), eq(users.active, true), eq(users.role, role)));
    return exists(account);
  }

  /** Runs `read` in one D1 batch with the check, if the check has not run yet. */
  async alongside<T>(read: PromiseLike<T>): Promise<T> {
    if (this.settled) return read;
    const batch = this.db.batch([this.query, read as unknown as AccountQuery]);
    this.settled = batch.then(([accounts]) => accounts[0]);
    const [, rows] = await batch;
    return rows as unknown as T;
  }

  /** The account as the check found it, running the check now if no read took it. */
  result(): Promise<Caller | undefined> {
    this.settled ??= this.query.then((accounts) => accounts[0]);
    return this.settled;
  }
}

/** The answer to a token whose account no longer exists or was deactivated. */
export function accountGone() {
  return ApiError.unauthorized("The account no longer exists or was deactivated.");
}

/** Refuses a token whose account is gone, deactivated or holds another role than the token says. */
export function requireCurrentAccount(account: Caller | undefined, claimedRole: Caller["role"]): Caller {
  if (!account) throw accountGone();
  if (account.role !== claimedRole) throw ApiError.unauthorized("Your role has changed; refresh your session.");
  return account;
}

/** The account behind claims, checked on its own (for writes, which must know it before acting). */
export function currentAccount(db: Database, claims: AccessClaims): Promise<Caller | undefined> {
  return new AccountCheck(db, claims).result();
}
