/**
 * Raw statements for the passes' D1 batches. The passes write numbered parameters (?1 … ?N, the
 * same in every statement of a batch) so that nothing binds per row; D1 wants exactly as many
 * values bound as the highest ?N a statement uses. Statements the query builder writes better
 * (the outbox's) are built by drizzle and prepared from their text here, to share the batch.
 */

const arity = (text: string) => Math.max(0, ...[...text.matchAll(/\?(\d+)/g)].map((match) => Number(match[1])));

/** A raw statement bound to the leading `params` it uses. */
export function prepare(d1: D1Database, text: string, params: readonly unknown[]): D1PreparedStatement {
  return d1.prepare(text).bind(...params.slice(0, arity(text)));
}

/** A drizzle-built statement prepared on the binding; its rows then come by column name. */
export function prepared(d1: D1Database, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return d1.prepare(sql).bind(...params);
}
