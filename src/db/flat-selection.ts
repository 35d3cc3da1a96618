import { Column, is, sql, SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";

// A flat selection (a table's columns and parameter-free SQL beside them) read many rows at a time:
// drizzle renders every field of a selection and decodes every cell of every row anew, checking each
// field's kind each time, which cost more than D1 itself on a 50-ticket page. Both are done once
// here, and the rows are read as arrays (drizzle's `.values()`, D1's `raw()`).

type Fields = Record<string, Column | SQL>;
type Decoder = { mapFromDriverValue(value: unknown): unknown };

/**
 * The fields of `fields` rendered once as one SQL fragment, in their order: a `select` of it
 * answers rows whose first cells are `fields`', for `rowDecoder`. The fields must bind no
 * parameter, since the fragment is reused by every query.
 */
export function renderedSelection(fields: Fields): SQL {
  const { sql: text, params } = new SQLiteAsyncDialect().sqlToQuery(sql.join(Object.values(fields), sql`, `));
  if (params.length > 0) throw new Error("renderedSelection: a field binds parameters");
  return sql.raw(text);
}

/**
 * Decodes rows answered as arrays over `fields` (first) as drizzle's own mapping would: each cell
 * by its field's decoder, null as null, into an object with `fields`' keys in their order. Cells
 * past `fields`' are left for the caller, who may have selected more after them.
 */
export function rowDecoder<Row>(fields: Fields): (row: readonly unknown[]) => Row {
  const keys = Object.keys(fields);
  const decoders: Decoder[] = keys.map((key) => {
    const field = fields[key];
    if (is(field, Column)) return field;
    // An SQL field's decoder is internal to drizzle's types, though its mapping reads it the same way.
    if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
    throw new Error(`rowDecoder: "${key}" is neither a column nor SQL`);
  });
  return (row) => {
    const decoded: Record<string, unknown> = {};
    for (let index = 0; index < keys.length; index += 1) {
      const value = row[index];
      decoded[keys[index]!] = value === null ? null : decoders[index]!.mapFromDriverValue(value);
    }
    return decoded as Row;
  };
}
