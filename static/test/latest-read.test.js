import assert from "node:assert/strict";
import { test } from "node:test";
import { coalescedRead, latestRead } from "../src/latest-read.js";

/** A read whose answer the test releases by hand. */
const deferred = () => {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

test("only the newest answer is applied, and a superseded read resolves once it has been", async () => {
  const applied = [];
  const reads = [deferred(), deferred()];
  let n = 0;
  const reload = latestRead(
    () => reads[n++].promise,
    (data) => applied.push(data),
    () => assert.fail("no error"),
  );
  const first = reload();
  const second = reload();
  let firstDone = false;
  first.then(() => {
    firstDone = true;
  });
  reads[0].resolve("old");
  await new Promise((r) => setTimeout(r, 0));
  // The first read's caller must not go on (e.g. to focus a button) with
  // the page still showing what was there before the newer read.
  assert.equal(firstDone, false);
  assert.deepEqual(applied, []);
  reads[1].resolve("new");
  await first;
  await second;
  assert.deepEqual(applied, ["new"]);
});

test("a failed newest read reports its error; a superseded failure is ignored", async () => {
  const errors = [];
  const reads = [deferred(), deferred()];
  let n = 0;
  const reload = latestRead(
    () => reads[n++].promise,
    () => assert.fail("nothing applied"),
    (err) => errors.push(err.message),
  );
  const first = reload();
  const second = reload();
  reads[0].reject(new Error("stale"));
  reads[1].reject(new Error("down"));
  await first;
  await second;
  assert.deepEqual(errors, ["down"]);
});

test("reads in turn each apply their answer", async () => {
  const applied = [];
  let n = 0;
  const reload = latestRead(
    async () => ++n,
    (data) => applied.push(data),
    () => {},
  );
  await reload();
  await reload();
  assert.deepEqual(applied, [1, 2]);
});

test("asked again while reading: one more read after it, and the ask resolves once that answer is applied", async () => {
  const applied = [];
  const reads = [deferred(), deferred()];
  let n = 0;
  const refresh = coalescedRead(
    () => reads[n++].promise,
    (data) => applied.push(data),
    () => assert.fail("no error"),
  );
  const first = refresh();
  const second = refresh();
  const third = refresh();
  let secondDone = false;
  second.then(() => {
    secondDone = true;
  });
  reads[0].resolve("before the save");
  await first;
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(applied, ["before the save"]);
  assert.equal(secondDone, false);
  assert.equal(n, 2); // the one more read is on its way
  reads[1].resolve("after the save");
  await second;
  await third;
  assert.deepEqual(applied, ["before the save", "after the save"]);
  assert.equal(n, 2);
});

test("reads asked one after another each read, and a failure is reported", async () => {
  const applied = [];
  const errors = [];
  let n = 0;
  const refresh = coalescedRead(
    async () => {
      n += 1;
      if (n === 2) throw new Error("down");
      return n;
    },
    (data) => applied.push(data),
    (err) => errors.push(err.message),
  );
  await refresh();
  await refresh();
  await refresh();
  assert.deepEqual(applied, [1, 3]);
  assert.deepEqual(errors, ["down"]);
});
