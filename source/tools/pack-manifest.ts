// The package.json that goes into the npm package: without the contributors' scripts (`prepare` builds the bundle
// and patches node_modules on `npm ci`; in an installed package it would only earn an install-script warning) and
// without devDependencies. npm runs `prepack` (strip) before it packs and `postpack` (restore) after.
//
//   node --import tsx source/tools/pack-manifest.ts strip|restore
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifestFile = path.join(projectRoot, 'package.json');
/** The contributors' package.json while the stripped one is packed (outside the package's files). */
const savedFile = path.join(projectRoot, 'node_modules', '.cache', 'rollout-dash', 'package.json');

/** The manifest a user installs: the same, minus what only a clone of the repository uses. */
export function publishedManifest(manifest: Record<string, unknown>): Record<string, unknown> {
	const {scripts: _scripts, devDependencies: _devDependencies, ...published} = manifest;
	return published;
}

function strip(): void {
	// A pack that failed before postpack left the saved manifest behind: it is the contributors' one.
	if (fs.existsSync(savedFile)) restore();
	const text = fs.readFileSync(manifestFile, 'utf8');
	fs.mkdirSync(path.dirname(savedFile), {recursive: true});
	fs.writeFileSync(savedFile, text);
	const published = publishedManifest(JSON.parse(text) as Record<string, unknown>);
	fs.writeFileSync(manifestFile, `${JSON.stringify(published, null, 2)}\n`);
}

function restore(): void {
	if (!fs.existsSync(savedFile)) return;
	fs.copyFileSync(savedFile, manifestFile);
	fs.rmSync(savedFile);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const action = process.argv[2];
	if (action === 'strip') strip();
	else if (action === 'restore') restore();
	else {
		process.stderr.write('usage: pack-manifest.ts strip|restore\n');
		process.exitCode = 2;
	}
}
