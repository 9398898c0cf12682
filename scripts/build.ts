/**
 * `deno task build`: both entry modules bundled for running, into `dist/` (or `--outdir=DIR`):
 * `compute.js` and `metadata.js`, each still a module whose default export is `{ fetch }`, run
 * as the sources are (`deno run -P=compute dist/compute.js`, `deno serve`), and the chunks they
 * share or load on first use (each `import()` of the sources becomes one).
 *
 * Why: Deno keeps some 12 KB for each module it loads (its module graph, the source, the code
 * cache it maps), and the processes load hundreds of small modules; the bundle is some 125 files
 * without comments. After `deno task bench`'s load, a bundled compute settles some 8 MiB lower
 * and answers its first request some 20 ms sooner. The sources stay what is
 * developed, tested and read; the bundle is made from them by Deno's own `deno bundle`.
 *
 * The directory is emptied first: chunk names carry a hash of their content, and a chunk left
 * from an older build would never be loaded but would stay there.
 *
 * Usage: deno run -A scripts/build.ts [--outdir=DIR]
 *
 * @module
 */

const root = new URL("../", import.meta.url).pathname;

/** The arguments of `deno bundle` that make the running form of both entries in `outdir`. */
export function bundleArgs(outdir: string): string[] {
  return [
    "bundle",
    "--quiet",
    "--platform=deno",
    "--code-splitting",
    `--outdir=${outdir}`,
    `${root}compute.ts`,
    `${root}metadata.ts`,
  ];
}

/** Empty `outdir` and bundle both entries into it; throws with `deno bundle`'s output on failure. */
export async function build(outdir: string): Promise<void> {
  await Deno.remove(outdir, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  const out = await new Deno.Command(Deno.execPath(), {
    args: bundleArgs(outdir),
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) || new TextDecoder().decode(out.stdout);
    throw new Error(`deno bundle failed: ${text.trim()}`);
  }
}

if (import.meta.main) {
  const arg = Deno.args.find((a) => a.startsWith("--outdir="));
  const outdir = arg ? arg.slice("--outdir=".length) : `${root}dist`;
  try {
    await build(outdir);
  } catch (e) {
    console.error(`build: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
  console.error(`build: ${outdir}/compute.js and ${outdir}/metadata.js written`);
}
