// deno task test:browser — signs the documented example in a real browser:
// headless Chromium (Debian's `chromium` package; playwright-core drives it by
// executablePath and never downloads a browser) loads a page from 127.0.0.1
// that imports the ESM build npm/esm/mod.js, with an import map sending each
// runtime dependency (today @noble/hashes/*; none once the library has its
// own hashes) to that package's own ESM files, and the test reads the
// signature out of the page. Without Chromium it fails with install
// instructions: it never skips.

import { chromium } from "playwright-core";
import { extname, join, normalize, relative } from "node:path";
import { buildNpm } from "./_npm_build.ts";
import { NPM_DIR, ROOT, step } from "./_npm_config.ts";

const CHROMIUM = "/usr/bin/chromium";
const EXPECTED_SIGNATURE = "OLeaidS1JvxuMvnyHOwuJ+uX5qY=";
const PAGE = join(ROOT, "scripts", "browser", "index.html");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where the page finds a runtime dependency's files: `/deps/@noble/hashes/`. */
const depPrefix = (name: string) => `/deps/${name}/`;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
};

async function chromiumInstalled(): Promise<boolean> {
  try {
    return (await Deno.stat(CHROMIUM)).isFile;
  } catch {
    return false;
  }
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null;

/** What a browser resolves an `exports` target to: browser, then import, then default. */
function browserTarget(target: ExportTarget): string | undefined {
  if (target === null) return undefined;
  if (typeof target === "string") return target;
  for (const condition of ["browser", "import", "default"]) {
    if (condition in target) {
      const resolved = browserTarget(target[condition]!);
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}

/**
 * The import map a browser needs for the runtime dependencies: every subpath
 * of each one's package.json `exports` (including those its own files import
 * by name, such as `@noble/hashes/crypto`) to the ESM file a
 * browser-targeting bundler would pick.
 */
async function dependencyImportMap(
  names: readonly string[],
): Promise<{ imports: Record<string, string> }> {
  const imports: Record<string, string> = {};
  for (const name of names) {
    const pkg = JSON.parse(
      await Deno.readTextFile(join(NPM_DIR, "node_modules", name, "package.json")),
    );
    for (const [subpath, target] of Object.entries(pkg.exports as Record<string, ExportTarget>)) {
      const file = browserTarget(target);
      if (file === undefined || subpath.includes("*")) continue;
      imports[`${pkg.name}${subpath.slice(1)}`] = `${depPrefix(name)}${file.replace(/^\.\//, "")}`;
    }
  }
  return { imports };
}

function serve(
  routes: Readonly<Record<string, string>>,
  importMap: unknown,
  served: string[],
  missing: string[],
): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === "/") {
        const page = await Deno.readTextFile(PAGE);
        const mapped = page.replace(
          /(<script type="importmap">)[\s\S]*?(<\/script>)/,
          (_, open, close) => `${open}${JSON.stringify(importMap)}${close}`,
        );
        if (mapped === page) throw new Error("index.html has no import map");
        return new Response(
          mapped,
          { headers: { "content-type": CONTENT_TYPES[".html"]! } },
        );
      }
      for (const [prefix, dir] of Object.entries(routes)) {
        if (!pathname.startsWith(prefix)) continue;
        const file = normalize(join(dir, decodeURIComponent(pathname.slice(prefix.length))));
        if (relative(dir, file).startsWith("..")) break;
        try {
          const body = await Deno.readFile(file);
          served.push(pathname);
          return new Response(body, {
            headers: {
              "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
            },
          });
        } catch {
          break;
        }
      }
      missing.push(pathname);
      return new Response("Not found", { status: 404 });
    },
  );
}

async function main(): Promise<void> {
  if (!(await chromiumInstalled())) {
    console.error(
      `✘ test:browser needs Chromium at ${CHROMIUM} (Debian's chromium package), and it is missing.\n` +
        `  Install it, then run the task again:\n` +
        `    sudo apt-get update && sudo apt-get install -y chromium\n` +
        `  (.ci/run installs it the same way; the browser test is never skipped.)`,
    );
    Deno.exit(1);
  }

  const { graph } = await buildNpm();
  const dependencies = Object.keys(graph.dependencies).sort();

  step(`Serving npm/esm${dependencies.map((name) => ` and ${name}`).join("")} from 127.0.0.1`);
  // URL prefixes the server answers, and the directory each maps to.
  const routes: Record<string, string> = { "/esm/": join(NPM_DIR, "esm") };
  for (const name of dependencies) {
    routes[depPrefix(name)] = join(NPM_DIR, "node_modules", name);
  }
  const served: string[] = [];
  const missing: string[] = [];
  const server = serve(routes, await dependencyImportMap(dependencies), served, missing);
  const url = `http://127.0.0.1:${server.addr.port}/`;
  console.log(`  ${url}`);

  step(`Signing the documented example in headless Chromium (${CHROMIUM})`);
  const profile = await Deno.makeTempDir({ prefix: "acs-rpc-chromium-" });
  const problems: string[] = [];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      console.log(`  Chromium ${context.browser()?.version() ?? "(version unknown)"}`);
      const page = context.pages()[0] ?? await context.newPage();
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") {
          problems.push(`console error: ${message.text()} (${message.location().url})`);
        }
      });
      await page.goto(url);
      await page.waitForSelector("body[data-status]", { timeout: 30_000 });
      const status = await page.getAttribute("body", "data-status");
      const signature = await page.textContent("#signature");
      const defaultSignature = await page.textContent("#default-signature");
      const error = await page.textContent("#error");
      if (status !== "signed") problems.push(`the page failed to sign: ${error}`);
      if (signature !== EXPECTED_SIGNATURE) {
        problems.push(`expected signature ${EXPECTED_SIGNATURE}, the page shows ${signature}`);
      } else {
        console.log(`  ✔ the page signed the documented example: ${signature}`);
      }
      // Default nonce and clock: any well-formed HMAC-SHA1 in Base64 will do.
      if (!/^[A-Za-z0-9+/]{27}=$/.test(defaultSignature ?? "")) {
        problems.push(`signing with the defaults gave ${JSON.stringify(defaultSignature)}`);
      } else {
        console.log(`  ✔ signing with the default nonce and clock works: ${defaultSignature}`);
      }
    } finally {
      await context.close();
    }
  } finally {
    await server.shutdown();
    await Deno.remove(profile, { recursive: true });
  }
  const from = (prefix: string) => served.filter((path) => path.startsWith(prefix));
  console.log(`  served ${from("/esm/").length} files of npm/esm`);
  if (from("/esm/").length === 0) problems.push("the page loaded no file of the build");
  for (const name of dependencies) {
    const files = from(depPrefix(name));
    console.log(`  served ${files.length} of ${name} (${files.join(", ")})`);
    if (files.length === 0) problems.push(`the page loaded no file of ${name}`);
  }
  for (const path of missing) problems.push(`the page asked for ${path}, which is not served`);
  if (problems.length > 0) throw new Error(problems.join("\n  "));
  console.log("\n✔ test:browser: the ESM build signs the documented example in Chromium");
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    console.error(`\n✘ test:browser: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
