// Bundles the client into one minified ES module (dist/notifier-client.min.js: what the local gateway's
// dashboard serves and what the size budget is measured on) and prints its minified and gzipped sizes.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export const budgetBytes = 5 * 1024;

const entries = [
  { entry: "src/index.ts", out: "dist/notifier-client.min.js" },
  { entry: "src/react.ts", out: "dist/notifier-client-react.min.js" },
];

for (const { entry, out } of entries) {
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    external: ["react"],
    legalComments: "none",
    logLevel: "warning",
  });
  const code = readFileSync(out);
  console.log(`${out}: ${code.length} bytes minified, ${gzipSync(code, { level: 9 }).length} bytes gzipped`);
}
