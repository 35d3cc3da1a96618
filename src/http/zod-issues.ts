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
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: joinPath([...issue.path, key]), message: "Unknown field." }));
    }
    return [{ path: joinPath(issue.path), message: issue.message }];
  });
}
