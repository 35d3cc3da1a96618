// Prints "N passed, N failed" from vitest's JSON report and exits non-zero when anything failed.
// A test file that failed as a whole (did not load, or a hook threw) counts as one failed test,
// since vitest's own counts only see the tests it got to run.
import { existsSync, readFileSync } from "node:fs";

const reportPath = process.argv[2];
if (!reportPath || !existsSync(reportPath)) {
  console.log("No test report: the suite did not run.");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const report = JSON.parse(readFileSync(reportPath, "utf8"));
const brokenFiles = report.testResults.filter(
  (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
);
for (const file of brokenFiles) console.log(`Failed as a whole: ${file.name}: ${(file.message ?? "").split("\n")[0]}`);

const failed = report.numFailedTests + brokenFiles.length;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
