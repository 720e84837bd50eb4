import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

test("the minified client stays under 5 KB gzipped", () => {
  const bundle = readFileSync(new URL("../../dist/notifier-client.min.js", import.meta.url));
  const gzipped = gzipSync(bundle, { level: 9 }).length;
  assert.ok(bundle.length > 1_000, "the bundle is suspiciously small");
  assert.ok(gzipped < 5 * 1024, `${gzipped} bytes gzipped`);
});
