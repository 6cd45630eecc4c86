// Builds what `rollout-dash` runs: source/bin.ts and everything it imports, bundled by esbuild into a few ES modules
// under dist/. Loading Ink, React and their ~100 small modules one file at a time costs Node about 300 ms; bundled,
// about 75 ms. The commands the CLI loads on demand (the UI, the simulator, the headless commands) stay in chunks of
// their own, so `rollout-dash` starts listing deployments before the UI's chunk is evaluated.
//
//   node --import tsx source/tools/bundle.ts [--outdir DIR] [--metafile FILE]
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import * as esbuild from 'esbuild';
import {writeNotices} from './notices.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundle's entry, relative to its outdir. */
export const BUNDLE_ENTRY = 'rollout-dash.js';
/** The kubectl plugin's entry (kubectl runs `kubectl-rollout_dash` for `kubectl rollout-dash`). */
export const PLUGIN_ENTRY = 'kubectl-rollout_dash.js';
/** Licences and notices of every package the bundle contains, written next to the entries. */
export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

export async function bundle(outdir = path.join(projectRoot, 'dist')): Promise<esbuild.Metafile> {
	// Chunk names carry content hashes: without a clean start, each build would leave the previous chunks behind.
	const relative = path.relative(path.resolve(outdir), projectRoot);
	if (relative === '' || !relative.startsWith('..'))
		throw new Error(`refusing to empty ${outdir}: it holds the project`);
	fs.rmSync(outdir, {recursive: true, force: true});
	const result = await esbuild.build({
		absWorkingDir: projectRoot,
		entryPoints: {
			'rollout-dash': 'source/bin.ts',
			'kubectl-rollout_dash': 'source/kubectl-plugin.ts',
			'kubectl_complete-rollout_dash': 'source/kubectl-complete.ts',
		},
		outdir,
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		chunkNames: 'chunks/[name]-[hash]',
		minifySyntax: true,
		minifyWhitespace: true,
		// The notices file carries every bundled package's licence in full (see notices.ts).
		legalComments: 'none',
		// For contributors (DevTools, --enable-source-maps); not in the npm package (package.json's files).
		sourcemap: 'linked',
		metafile: true,
		logLevel: 'warning',
		// React and Ink pick their production builds from NODE_ENV; bin.ts sets it for unbundled runs too.
		define: {'process.env.NODE_ENV': '"production"', ROLLOUT_DASH_VERSION: JSON.stringify(packageVersion())},
		// Ink imports React DevTools only when DEV=true; the package is not installed, so it is left out.
		alias: {
			'react-devtools-core': './source/tools/no-devtools.ts',
			// Its package.json names the CommonJS build as main; Node's import of it yields the ES build, with named exports.
			'@peculiar/x509': '@peculiar/x509/build/x509.es.js',
		},
		// Some CommonJS dependencies require() Node's built-in modules: give the ES modules a require.
		banner: {
			js: "import {createRequire as __rolloutDashRequire} from 'node:module'; const require = __rolloutDashRequire(import.meta.url);",
		},
	});
	writeNotices(projectRoot, Object.keys(result.metafile.inputs), path.join(outdir, NOTICES_FILE));
	return result.metafile;
}

function packageVersion(): string {
	return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {version: string}).version;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const {values} = parseArgs({options: {outdir: {type: 'string'}, metafile: {type: 'string'}}});
	const metafile = await bundle(values.outdir ? path.resolve(values.outdir) : undefined);
	if (values.metafile) fs.writeFileSync(values.metafile, JSON.stringify(metafile));
}
