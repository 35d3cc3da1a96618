import type { z } from "zod";
import type { FieldIssue } from "./errors";

function joinPath(path: PropertyKey[]): string {
  return path.map(String).join(".");
}

/**
 * Flattens zod issues to `{path, message}` pairs. An unknown key is reported at its own path so a
 * client sees which field was refused, not just the object that held it.
 */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  // zod 4 still runs a field's checks when its type is wrong (an array is "too short" for a string
  // rule); then only the type error means anything to the client.
  const wrongType = new Set(issues.filter((issue) => issue.code === "invalid_type").map((issue) => joinPath(issue.path)));
  const meaningful = issues.filter((issue) => issue.code === "invalid_type" || !wrongType.has(joinPath(issue.path)));
  return meaningful.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: joinPath([...issue.path, key]), message: "Unknown field." }));
    }
    return [{ path: joinPath(issue.path), message: issue.message }];
  });
}
