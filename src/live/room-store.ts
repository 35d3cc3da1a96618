import type { RoomEvent } from "./events";

/** Events kept for `?since=` replay; a client further behind gets a fresh snapshot. */
export const REPLAY_LOG_SIZE = 500;

/** An event of the replay log: its message as JSON without `seq`, and who may receive it. */
export type LoggedEvent = { seq: number; message: string; internal: boolean; requesterId: string | null };

/** What the room remembers between wakes besides its log (see `RoomStore`). */
type Remembered = {
  /** The room's team, learned from the first call that names it (the alarm needs it). */
  teamId: string;
  /** The team's next SLA crossing or escalation step (ms), as last read from D1 or hinted by a write. */
  dueNext: number;
  /** When to look at D1 next to check the room missed nothing. */
  checkAt: number;
  /** Changes counted (publishes received); set to D1's count on a cold start and on a resync. */
  received: number;
  /** D1's count at a look that found D1 ahead (see `stepVerdict`). */
  expected: number;
  /** The seq of the latest resync: a replay from before it cannot be exact. */
  resyncSeq: number;
};

/**
 * A team room's own storage (the Durable Object's SQLite): the team's event `seq`, the replay log of
 * the last REPLAY_LOG_SIZE events, and a few remembered values. Everything here survives eviction
 * and hibernation; nothing the room needs lives only in memory.
 */
export class RoomStore {
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS room_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS room_log (seq INTEGER PRIMARY KEY, message TEXT NOT NULL, internal INTEGER NOT NULL, requester_id TEXT)`);
  }

  /** The seq of the team's last event; 0 before the first. */
  seq(): number {
    return this.sql.exec<{ value: number }>(`SELECT value FROM room_meta WHERE key = 'seq'`).toArray()[0]?.value ?? 0;
  }

  /** Numbers an event and logs it; answers its seq. */
  append(event: RoomEvent): number {
    return this.storage.transactionSync(() => {
      const next = this.bump();
      this.sql.exec(`INSERT INTO room_log (seq, message, internal, requester_id) VALUES (?, ?, ?, ?)`, next, JSON.stringify(event.message), event.internal ? 1 : 0, event.requesterId);
      this.sql.exec(`DELETE FROM room_log WHERE seq <= ?`, next - REPLAY_LOG_SIZE);
      return next;
    });
  }

  /** Takes a seq for a resync (its snapshot, sent to every socket, is not logged); answers it. */
  markResync(): number {
    return this.storage.transactionSync(() => {
      const seq = this.bump();
      this.put("resyncSeq", seq);
      return seq;
    });
  }

  private bump(): number {
    const next = this.seq() + 1;
    this.sql.exec(`INSERT INTO room_meta (key, value) VALUES ('seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, next);
    return next;
  }

  /** True when the log holds every event after `since` (or there are none), so a replay is exact. */
  reachesBack(since: number, head: number): boolean {
    if (since > head || since < (this.get("resyncSeq") ?? 0)) return false;
    if (since === head) return true;
    const oldest = this.sql.exec<{ seq: number | null }>(`SELECT min(seq) AS seq FROM room_log`).toArray()[0]?.seq;
    return oldest != null && oldest <= since + 1;
  }

  /** The logged events after `since`, in order. */
  *after(since: number): Iterable<LoggedEvent> {
    const rows = this.sql.exec<{ seq: number; message: string; internal: number; requester_id: string | null }>(
      `SELECT seq, message, internal, requester_id FROM room_log WHERE seq > ? ORDER BY seq`,
      since,
    );
    for (const row of rows) yield { seq: row.seq, message: row.message, internal: row.internal === 1, requesterId: row.requester_id };
  }

  get<K extends keyof Remembered>(key: K): Remembered[K] | undefined {
    return this.storage.kv.get<Remembered[K]>(key);
  }

  /** Stores a value; `undefined` forgets it. */
  put<K extends keyof Remembered>(key: K, value: Remembered[K] | undefined): void {
    if (value === undefined) this.storage.kv.delete(key);
    else this.storage.kv.put(key, value);
  }
}
