import { and, eq, exists, sql, type SQL } from "drizzle-orm";
import type { AccessClaims } from "../auth/access-token";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { Caller } from "../env";
import { ApiError } from "./errors";

/** The account behind verified claims, as it is now: none once deactivated or gone. */
function isAccount(claims: AccessClaims) {
  return and(eq(users.id, claims.sub), eq(users.orgId, claims.org), eq(users.active, true));
}

/**
 * A read request's account check. Local and remote D1 alike answer one call at a time, so the
 * cheapest check rides in the read's own query (`roleColumn`, then `settle`); a read that does
 * not take it has it run on its own when the answer is ready (`result`). Either way it runs once.
 */
export class AccountCheck {
  private settled?: Promise<Caller | undefined>;
  /** True once a write has put `guard()` into its own statements. */
  carried = false;

  constructor(
    private readonly db: Database,
    private readonly claims: AccessClaims,
  ) {}

  /**
   * A condition for a write's own statements: true while the account is active with the token's
   * role. A write guarded by it does nothing for a stale token, and then asks `result()` why.
   */
  guard(): SQL {
    this.carried = true;
    const account = this.db.select({ id: users.id }).from(users).where(and(isAccount(this.claims), eq(users.role, this.claims.role)));
    return exists(account);
  }

  /** The account's current role as a scalar subquery (null once it is deactivated or gone), for a read to select beside its rows. */
  roleColumn(): SQL<string | null> {
    return sql<string | null>`${this.db.select({ role: users.role }).from(users).where(isAccount(this.claims))}`;
  }

  /** The check's answer as a read's `roleColumn` found it; the check then never runs on its own. */
  settle(role: string | null): void {
    this.settled ??= Promise.resolve(role === null ? undefined : { id: this.claims.sub, orgId: this.claims.org, role: role as Caller["role"] });
  }

  /**
   * The check's answer from the claims' own user row (read by their id and organization, for the
   * caller's profile), by the rule of `isAccount`: a deactivated row is no account.
   */
  settleFromRow(row: { role: string; active: boolean } | undefined): void {
    this.settle(row?.active ? row.role : null);
  }

  /** The account as the check found it, running the check now if no read took it. */
  result(): Promise<Caller | undefined> {
    this.settled ??= this.db
      .select({ id: users.id, orgId: users.orgId, role: users.role })
      .from(users)
      .where(isAccount(this.claims))
      .limit(1)
      .then((accounts) => accounts[0]);
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
