/**
 * The fields of `wanted` whose values differ from `current`, as `from`/`to` pairs for a history
 * row; undefined when nothing would change. Arrays and other JSON values compare by content.
 */
export function diffFields<T extends object>(current: T, wanted: Partial<T>): { from: Partial<T>; to: Partial<T> } | undefined {
  const from: Partial<T> = {};
  const to: Partial<T> = {};
  for (const field of Object.keys(wanted) as (keyof T)[]) {
    const next = wanted[field];
    if (next === undefined || JSON.stringify(current[field]) === JSON.stringify(next)) continue;
    from[field] = current[field];
    to[field] = next;
  }
  return Object.keys(to).length > 0 ? { from, to } : undefined;
}
