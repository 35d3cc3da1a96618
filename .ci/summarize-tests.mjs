// Prints "N passed, N failed" from vitest's JSON report plus the extra checks of .ci/run (lines
// "passed <name>" / "failed <name>"), and exits non-zero when anything failed. A test file that
// failed as a whole (did not load, or a hook threw) counts as one failed test, since vitest's own
// counts only see the tests it got to run.
import { existsSync, readFileSync } from "node:fs";

const [reportPath, checksPath] = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (!reportPath || !existsSync(reportPath)) {
  console.log("No test report: the suite did not run.");
  failed += 1;
} else {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  const brokenFiles = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  );
  for (const file of brokenFiles) console.log(`Failed as a whole: ${file.name}: ${(file.message ?? "").split("\n")[0]}`);
  // Named again here, at the end of the log, where a reader of a long CI run looks first.
  for (const file of report.testResults) {
    for (const test of file.assertionResults.filter((result) => result.status === "failed")) {
      const why = (test.failureMessages ?? []).join("\n").split("\n").slice(0, 6).join("\n  ");
      console.log(`Failed: ${file.name.replace(`${process.cwd()}/`, "")} > ${test.fullName}\n  ${why}`);
    }
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenFiles.length;
}

const checks = checksPath && existsSync(checksPath) ? readFileSync(checksPath, "utf8").split("\n").filter(Boolean) : [];
for (const line of checks) {
  const [result, name] = line.split(" ");
  console.log(`check ${name}: ${result}`);
  if (result === "passed") passed += 1;
  else failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
