// Prints, for each line of the file named on the command line, the terms the browser client's
// tokenizer gives and the compound terms of its hyphenated words (one JSON array [terms, compounds]
// per line), with the language rules of the second argument (a manifest's "rules" as JSON: null
// for English). Used by tests/search_parity.rs.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { resolve } from "node:path";

const script = readFileSync(resolve(import.meta.dirname, "../../themes/default/static/search.js"), "utf8");
const context = { URL };
runInNewContext(script, context);
const { words, compounds, analysisOf } = context.docentSearchText;
const lines = readFileSync(process.argv[2], "utf8").split("\n");
const lang = analysisOf({ rules: JSON.parse(process.argv[3] || "null") });
for (const line of lines) process.stdout.write(JSON.stringify([words(line, lang).map((w) => w.term), compounds(line, lang)]) + "\n");
