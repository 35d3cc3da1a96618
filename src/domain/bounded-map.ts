/**
 * A Map that holds at most `limit` entries: setting a new key past the bound drops the oldest one
 * set. For what an isolate keeps between requests (a create's configuration, verified tokens), whose
 * memory must not grow with the number of organizations or users it has served.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Sets `key` as the newest entry (moved there if it was already held). */
  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
