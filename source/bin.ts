#!/usr/bin/env node
// Entry point. chalk (inside Ink) ignores NO_COLOR and decides on colour when first imported, so the
// environment is settled here, before the app is loaded with a dynamic import.
const noColor = (process.env['NO_COLOR'] ?? '') !== '' || process.argv.includes('--no-color');
if (noColor) process.env['FORCE_COLOR'] = '0';

const {main} = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2));
// Everything main() opened is closed by now; should a stray socket or timer remain, do not hang the shell.
setTimeout(() => process.exit(), 2000).unref();
