// Runs static/src/tree-layout.js for tests/workshops/test_tree_layout.py:
// reads {"cases": [{nodes, edges, options}]} as JSON on stdin and writes
// {"layouts": [...]} (or {"error": ...} per case) as JSON on stdout.
import { readFileSync } from "node:fs";
import { layoutTree } from "../../static/src/tree-layout.js";

const { cases } = JSON.parse(readFileSync(0, "utf8"));
const layouts = cases.map(({ nodes, edges, options }) => {
  try {
    return layoutTree(nodes, edges, options);
  } catch (error) {
    return { error: String(error) };
  }
});
process.stdout.write(JSON.stringify({ layouts }));
