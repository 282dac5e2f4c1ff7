// The build's own account of what each page loads first (dist/sizes.json,
// written by build.mjs; `make test` builds before it tests). Every lazy
// chunk of the room imports room-kit.js and stage-kit.js so that esbuild
// keeps the room's shared modules in one file: a chunk that forgets them
// splits the room's first load into more requests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

const sizes = async () => JSON.parse(await readFile(new URL("../dist/sizes.json", import.meta.url), "utf8"));

test("the room loads two files first: its entry and one shared chunk", async () => {
  const { pages } = await sizes();
  const first = pages["room.js"].files.initial;
  assert.equal(first[0], "room.js");
  assert.equal(first.length, 2, `room first load: ${first.join(", ")}`);
});

test("the other pages load one file first", async () => {
  const { pages } = await sizes();
  for (const page of ["home.js", "join.js", "plan.js"]) assert.deepEqual(pages[page].files.initial, [page]);
});
