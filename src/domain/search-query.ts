/** The columns of the ticket search index a requester may match: never internal notes. */
const PUBLIC_COLUMNS = "{key title description public_comments}";

/**
 * Turns what a user typed into an FTS5 query: every word must occur (a word with punctuation,
 * such as `OPS-12`, must occur as that phrase). Words are quoted, so FTS5 syntax in the input
 * (`OR`, `NEAR`, `*`, column filters) is matched as text and can never be a syntax error.
 * Undefined when nothing searchable is left.
 */
export function toFtsQuery(text: string, publicOnly: boolean): string | undefined {
  // Control characters separate words too: FTS5 reads its query as a C string, so a NUL inside a
  // quoted word would end the query there and leave the string unterminated (a syntax error).
  const words = text
    .split(/[\s\p{Cc}]+/u)
    .map((word) => word.replaceAll('"', ""))
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return undefined;
  const query = words.map((word) => `"${word}"`).join(" ");
  return publicOnly ? `${PUBLIC_COLUMNS} : (${query})` : query;
}
