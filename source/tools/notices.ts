// Third-party notices of what the bundle contains: every package esbuild read a file from (its metafile's inputs),
// each with its name, version, declared licence and the licence (and NOTICE) files it ships. A package with neither a
// licence file nor a declared licence stops the build: its code cannot be shipped without knowing its terms.
import fs from 'node:fs';
import path from 'node:path';

export interface BundledPackage {
	name: string;
	version: string;
	/** The package's directory, relative to the project root. */
	dir: string;
	/** The SPDX expression of its package.json. */
	license: string | undefined;
	/** Licence, copying and notice files at the package's root, with their text. */
	files: {name: string; text: string}[];
	author: string | undefined;
}

const NODE_MODULES = 'node_modules/';
const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/** The package directory of a metafile input (the innermost node_modules/NAME or node_modules/@scope/NAME). */
export function packageDirOf(input: string): string | undefined {
	const at = input.lastIndexOf(NODE_MODULES);
	if (at === -1) return undefined;
	const [first, second] = input.slice(at + NODE_MODULES.length).split('/');
	if (!first) return undefined;
	const name = first.startsWith('@') && second ? `${first}/${second}` : first;
	return input.slice(0, at + NODE_MODULES.length) + name;
}

/** The distinct package directories of the metafile's inputs, sorted. */
export function bundledPackageDirs(inputs: Iterable<string>): string[] {
	const dirs = new Set<string>();
	for (const input of inputs) {
		const dir = packageDirOf(input);
		if (dir) dirs.add(dir);
	}
	return [...dirs].sort();
}

export function readBundledPackage(root: string, dir: string): BundledPackage {
	const absolute = path.join(root, dir);
	const manifest = JSON.parse(fs.readFileSync(path.join(absolute, 'package.json'), 'utf8')) as {
		name?: string;
		version?: string;
		license?: string | {type?: string};
		author?: string | {name?: string};
	};
	const license = typeof manifest.license === 'object' ? manifest.license?.type : manifest.license;
	const author = typeof manifest.author === 'object' ? manifest.author?.name : manifest.author;
	const files = fs
		.readdirSync(absolute)
		.filter(name => LICENCE_FILE.test(name) && fs.statSync(path.join(absolute, name)).isFile())
		.sort()
		.map(name => ({name, text: fs.readFileSync(path.join(absolute, name), 'utf8').trim()}));
	return {name: manifest.name ?? dir, version: manifest.version ?? '?', dir, license, files, author};
}

export class MissingLicenceError extends Error {}

/** The notices file: a header, then one section per package (licence files verbatim, or the declared licence). */
export function formatNotices(packages: BundledPackage[]): string {
	const missing = packages.filter(pkg => pkg.files.length === 0 && !pkg.license);
	if (missing.length > 0) {
		throw new MissingLicenceError(
			`no licence found for bundled package(s): ${missing.map(pkg => `${pkg.name}@${pkg.version}`).join(', ')}`,
		);
	}
	const rule = '-'.repeat(80);
	const sections = packages.map(pkg => {
		const lines = [rule, `${pkg.name}@${pkg.version}`, `License: ${pkg.license ?? 'see below'}`];
		if (pkg.files.length === 0) {
			lines.push(
				`The package ships no licence file; its package.json declares ${pkg.license}` +
					(pkg.author ? ` (author: ${pkg.author}).` : '.'),
			);
		}
		for (const file of pkg.files) lines.push('', `${file.name}:`, '', file.text);
		return lines.join('\n');
	});
	return [
		'rollout-dash bundles the following third-party packages into dist/. Their licences and notices follow.',
		'',
		...sections,
		rule,
		'',
	].join('\n');
}

/** Writes dist/THIRD-PARTY-NOTICES.txt for the packages in the metafile's inputs; returns what it listed. */
export function writeNotices(root: string, inputs: Iterable<string>, file: string): BundledPackage[] {
	const packages = bundledPackageDirs(inputs).map(dir => readBundledPackage(root, dir));
	fs.writeFileSync(file, formatNotices(packages));
	return packages;
}
