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
  assert.match(first[0], /^room-[A-Z0-9]{8}\.js$/);
  assert.equal(first.length, 2, `room first load: ${first.join(", ")}`);
});

test("the other pages load one file first", async () => {
  const { pages } = await sizes();
  for (const page of ["home.js", "join.js", "plan.js"]) {
    const [name, ...rest] = pages[page].files.initial;
    assert.match(name, new RegExp(`^${page.replace(".js", "")}-[A-Z0-9]{8}\\.js$`));
    assert.deepEqual(rest, []);
  }
});

test("every built file has a brotli and a gzip size, and the first load counts the stylesheet and messages", async () => {
  const { files, pages } = await sizes();
  for (const [name, size] of Object.entries(files)) {
    assert.ok(size.br > 0 && size.br <= size.bytes && size.gzip <= size.bytes, name);
  }
  const first = pages["room.js"].files.first;
  assert.ok(first.some((name) => /^style-[A-Z0-9]{8}\.css$/.test(name)));
  assert.ok(first.some((name) => /^messages-es-[A-Z0-9]{8}\.js$/.test(name)));
  assert.ok(pages["room.js"].first.br > pages["room.js"].initial.br);
});

test("the room leaves later.css and the later messages to its first chunk that needs them", async () => {
  const { pages } = await sizes();
  const later = (names) => names.filter((name) => /^(later|messages-later-es)-[A-Z0-9]{8}\.(css|js)$/.test(name));
  assert.deepEqual(later(pages["room.js"].files.first), []);
  assert.equal(later(pages["room.js"].files.lazy).length, 2);
  // The other pages load all the messages; the plan page its stylesheet too.
  for (const page of ["home.js", "join.js", "plan.js"]) {
    assert.equal(later(pages[page].files.first).length, page === "plan.js" ? 2 : 1, page);
  }
});
