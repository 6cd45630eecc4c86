#!/usr/bin/env node
// Entry point. Ink and chalk read the environment when first imported, so it is settled here, before the
// app is loaded with a dynamic import.
import nodeModule from 'node:module';

// Node 22.1 and later keep the compiled code of the modules they load in a cache on disk (V8's code cache, under
// the system's temporary directory, or NODE_COMPILE_CACHE): later starts skip compiling the bundle's chunks. Node 20
// has no such cache for ES modules; there this does nothing.
const withCompileCache = nodeModule as {enableCompileCache?: () => unknown};
if (
	typeof withCompileCache.enableCompileCache === 'function' &&
	process.env['NODE_DISABLE_COMPILE_CACHE'] === undefined
) {
	try {
		withCompileCache.enableCompileCache();
	} catch {
		// An unwritable cache directory only costs the speed-up.
	}
}

// React's development build checks and records far more per render (several times the CPU of a frame); it is for
// developing React components, not for running the dashboard. The bundle (source/tools/bundle.ts) fixes it at build
// time, replacing every `process.env.NODE_ENV`: hence the alias, which keeps this line valid there.
const environment = process.env;
environment['NODE_ENV'] ??= 'production';
const noColor = (process.env['NO_COLOR'] ?? '') !== '' || process.argv.includes('--no-color');
if (noColor) process.env['FORCE_COLOR'] = '0';

// On a terminal the dashboard is interactive whatever CI says: with CI set (even CI=false), Ink 6 draws only
// its last frame and chalk drops colours. Such variables leak into people's shells; they do not apply here.
if (process.stdout.isTTY && process.stdin.isTTY) {
	for (const name of Object.keys(process.env)) {
		if (name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_')) delete process.env[name];
	}
}

const {main} = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2));
// Everything main() opened is closed by now; should a stray socket or timer remain, do not hang the shell.
setTimeout(() => process.exit(), 2000).unref();
