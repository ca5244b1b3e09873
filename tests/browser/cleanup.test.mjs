// Browser tests leave nothing behind: every temporary folder they make comes from lib.mjs's
// tempDir, which removes it when the test process exits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const HERE = import.meta.dirname;

test("a folder from tempDir is gone when the process exits", () => {
  const script = `import { tempDir } from ${JSON.stringify(join(HERE, "lib.mjs"))};
    import { writeFileSync } from "node:fs";
    const dir = tempDir("docent-cleanup-");
    writeFileSync(dir + "/file", "x");
    console.log(dir);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const dir = r.stdout.trim();
  assert.ok(dir.includes("docent-cleanup-"), dir);
  assert.equal(existsSync(dir), false, `${dir} was left behind`);
});

test("no browser test makes a temporary folder of its own", () => {
  const mine = new Set(["lib.mjs", "cleanup.test.mjs"]);
  for (const f of readdirSync(HERE).filter((f) => f.endsWith(".mjs") && !mine.has(f))) {
    const text = readFileSync(join(HERE, f), "utf8");
    assert.ok(!text.includes("mkdtemp"), `${f} calls mkdtemp; use tempDir from lib.mjs`);
  }
});
