import { test } from "node:test";
import assert from "node:assert/strict";
import { paginate, type PaginateOptions } from "./paginate.ts";
import { AcsRangeError, AcsTypeError } from "../errors/mod.ts";

/** A fetch that answers from a list, recording each request's parameters. */
function scripted(answers: unknown[]) {
  const seen: URLSearchParams[] = [];
  const fetch = ((input: string | URL | Request) => {
    seen.push(new URL(String(input)).searchParams);
    const answer = answers.shift();
    return Promise.resolve(
      answer === undefined ? new Response("no more", { status: 500 }) : Response.json(answer),
    );
  }) as typeof globalThis.fetch;
  const options = (extra: Partial<PaginateOptions> = {}): PaginateOptions => ({
    action: "DescribeThings",
    credentials: { accessKeyId: "testid", accessKeySecret: "testsecret" },
    fetch,
    retry: { maxAttempts: 1 },
    ...extra,
  });
  return { seen, options };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

test("paginate() follows NextToken until an answer has none, keeping the other parameters", async () => {
  const { seen, options } = scripted([
    { NextToken: "a", Things: { Thing: [1, 2] } },
    { NextToken: "b", Things: { Thing: [3] } },
    { Things: { Thing: [4] } },
  ]);
  const items = await collect(
    paginate(options({ params: { MaxResults: 2, Tag: [{ Key: "k" }] } })).items("Things.Thing"),
  );
  assert.deepEqual(items, [1, 2, 3, 4]);
  assert.deepEqual(seen.map((q) => q.get("NextToken")), [null, "a", "b"]);
  assert.ok(seen.every((q) => q.get("MaxResults") === "2" && q.get("Tag.1.Key") === "k"));
});

test("paginate() refuses a NextToken answered twice instead of reading the same pages again", async () => {
  const { seen, options } = scripted([
    { NextToken: "same", Items: [1] },
    { NextToken: "same", Items: [2] },
    { NextToken: "same", Items: [3] },
  ]);
  const items: unknown[] = [];
  await assert.rejects(
    (async () => {
      for await (const item of paginate(options()).items()) items.push(item);
    })(),
    (error: unknown) => {
      assert.ok(error instanceof AcsRangeError);
      assert.equal(error.code, "pagination-loop");
      assert.equal(error.parameter, "NextToken");
      assert.match(error.message, /answered the NextToken "same" a second time/);
      return true;
    },
  );
  assert.deepEqual(items, [1, 2]);
  assert.equal(seen.length, 2);
});

test("paginate() asks for PageNumber + 1 until PageNumber × PageSize reaches TotalCount", async () => {
  const { seen, options } = scripted([
    { TotalCount: 5, PageNumber: 1, PageSize: 2, Items: { Item: ["a", "b"] } },
    { TotalCount: 5, PageNumber: 2, PageSize: 2, Items: { Item: ["c", "d"] } },
    { TotalCount: 5, PageNumber: 3, PageSize: 2, Items: { Item: ["e"] } },
  ]);
  assert.deepEqual(await collect(paginate(options({ params: { PageSize: 2 } })).items()), [
    "a",
    "b",
    "c",
    "d",
    "e",
  ]);
  assert.deepEqual(seen.map((q) => q.get("PageNumber")), [null, "2", "3"]);
});

test("paginate() starts at the PageNumber asked for, and refuses an answer for another page", async () => {
  const { seen, options } = scripted([
    { TotalCount: 50, PageNumber: 4, PageSize: 10, Items: [] },
    { TotalCount: 50, PageNumber: 4, PageSize: 10, Items: [] },
  ]);
  await assert.rejects(collect(paginate(options({ params: { PageNumber: 4 } }))), {
    code: "pagination-loop",
    parameter: "PageNumber",
    message: /asked for page 5, the API answered page 4/,
  });
  assert.deepEqual(seen.map((q) => q.get("PageNumber")), ["4", "5"]);
});

test("paginate() reads an answer with neither NextToken nor TotalCount as the only page", async () => {
  const { seen, options } = scripted([{ RequestId: "R", Regions: { Region: [1, 2] } }]);
  assert.deepEqual(await collect(paginate(options())), [{
    RequestId: "R",
    Regions: { Region: [1, 2] },
  }]);
  assert.equal(seen.length, 1);
});

test("paginate() refuses XML, and items() refuses a missing, ambiguous or non-list path", async () => {
  const { options } = scripted([
    { A: [1], B: [2] },
    { Items: { Item: "x" } },
  ]);
  await assert.rejects(collect(paginate({ ...options(), format: "XML" } as never)), {
    code: "invalid-option",
    parameter: "format",
  });
  await assert.rejects(collect(paginate(options()).items()), (error: unknown) => {
    assert.ok(error instanceof AcsTypeError);
    assert.equal(error.parameter, "path");
    assert.match(error.message, /several lists; pass their path/);
    return true;
  });
  await assert.rejects(collect(paginate(options()).items("Items.Item")), {
    code: "invalid-option",
    message: 'Cannot read items at "Items.Item": the answer holds string there, not a list',
  });
  assert.throws(() => paginate(options()).items(""), { code: "invalid-option" });
});
