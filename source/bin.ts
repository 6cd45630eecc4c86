#!/usr/bin/env node
// Entry point. Ink and chalk read the environment when first imported, so it is settled here, before the
// app is loaded with a dynamic import.

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
