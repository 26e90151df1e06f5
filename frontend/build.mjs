// Builds rollbook's page script (issue 18) into the Voila template's static folder.
//
//   cd frontend && npm ci && node build.mjs      (or: make frontend)
//
// Output: share/jupyter/voila/templates/rollbook/static/page/ (committed, so running
// the app needs no Node). BUILD-INPUTS there records a digest of everything the build
// reads (this file, src/, package-lock.json); a unit test fails when the committed
// bundle is older than its inputs. THIRD-PARTY-LICENSES.txt holds the licence of
// every npm package that ends up in the bundle.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "share", "jupyter", "voila", "templates", "rollbook", "static", "page");

/** The digest of the build's inputs, in a fixed order (the unit test computes the same). */
export function inputsDigest() {
  const files = ["build.mjs", "package-lock.json", ...readdirSync(join(here, "src")).sort().map((f) => `src/${f}`)];
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file + "\0");
    hash.update(readFileSync(join(here, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

// anywidget ships its widget classes as an AMD module for the classic notebook:
// `define(["@jupyter-widgets/base"], factory)`. Export the factory instead.
const anywidgetAsModule = {
  name: "anywidget-as-module",
  setup(build) {
    build.onLoad({ filter: /anywidget[\\/]dist[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const amd = 'define(["@jupyter-widgets/base"], widget_default);';
      if (!source.includes(amd)) throw new Error("anywidget's dist/index.js changed shape: update build.mjs");
      return { contents: source.replace(amd, "export default widget_default;"), loader: "js" };
    });
  },
};

/** The licence text of every npm package the bundle holds, from esbuild's metafile. */
function thirdPartyLicenses(metafile) {
  const packages = new Map();
  const used = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs).filter(([, info]) => info.bytesInOutput > 0).map(([name]) => name)
  );
  for (const input of used) {
    const match = input.match(/^([^(]*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (match) packages.set(match[1], true);
  }
  const parts = [];
  for (const dir of [...packages.keys()].sort()) {
    const manifest = JSON.parse(readFileSync(join(here, dir, "package.json"), "utf8"));
    const file = readdirSync(join(here, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file ? readFileSync(join(here, dir, file), "utf8").trim() : `License: ${manifest.license}`;
    parts.push(`${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}\n`);
  }
  return parts.join("\n" + "-".repeat(78) + "\n\n");
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await esbuild.build({
  entryPoints: [join(here, "src", "index.js")],
  outfile: join(out, "rollbook-page.js"),
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2020"],
  loader: { ".woff2": "file" },
  assetNames: "[name]-[hash]",
  legalComments: "none",
  metafile: true,
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [anywidgetAsModule],
  logLevel: "warning",
});
writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"), thirdPartyLicenses(result.metafile));
writeFileSync(join(out, "BUILD-INPUTS"), inputsDigest() + "\n");
