// Third-party notices: every package the bundle contains is listed with its licence.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundle, NOTICES_FILE} from '../source/tools/bundle.js';
import {
	bundledPackageDirs,
	formatNotices,
	MissingLicenceError,
	packageDirOf,
	readBundledPackage,
	writeNotices,
} from '../source/tools/notices.js';
import {repoRoot} from './helpers/lead-process.js';

test('package directories of metafile inputs, scoped and nested', () => {
	assert.equal(packageDirOf('node_modules/ink/build/index.js'), 'node_modules/ink');
	assert.equal(packageDirOf('node_modules/@kubernetes/client-node/dist/x.js'), 'node_modules/@kubernetes/client-node');
	assert.equal(
		packageDirOf('node_modules/tar-stream/node_modules/b4a/index.js'),
		'node_modules/tar-stream/node_modules/b4a',
	);
	assert.equal(packageDirOf('source/cli.tsx'), undefined);
	assert.deepEqual(bundledPackageDirs(['node_modules/a/x.js', 'node_modules/a/y.js', 'source/z.ts']), [
		'node_modules/a',
	]);
});

test('a bundled package without any licence stops the notices', () => {
	const root = mkdtempSync(path.join(tmpdir(), 'rd-notices-'));
	const dir = path.join(root, 'node_modules', 'nolicence');
	mkdirSync(dir, {recursive: true});
	writeFileSync(path.join(dir, 'package.json'), '{"name": "nolicence", "version": "1.0.0"}');
	writeFileSync(path.join(dir, 'index.js'), '');
	assert.throws(
		() => writeNotices(root, ['node_modules/nolicence/index.js'], path.join(root, 'NOTICES')),
		(error: unknown) => error instanceof MissingLicenceError && /nolicence@1\.0\.0/.test(error.message),
	);
	// A declared licence without a file is listed as declared.
	writeFileSync(path.join(dir, 'package.json'), '{"name": "nolicence", "version": "1.0.0", "license": "MIT"}');
	const text = formatNotices([readBundledPackage(root, 'node_modules/nolicence')]);
	assert.match(text, /nolicence@1\.0\.0\nLicense: MIT\n.*declares MIT/);
});

test('the built notices list every bundled package with its licence text', {timeout: 300_000}, async () => {
	const outdir = mkdtempSync(path.join(tmpdir(), 'rd-bundle-'));
	const metafile = await bundle(outdir);
	const notices = readFileSync(path.join(outdir, NOTICES_FILE), 'utf8');
	const dirs = bundledPackageDirs(Object.keys(metafile.inputs));
	assert.ok(dirs.length > 50, `only ${dirs.length} bundled packages found`);
	for (const name of ['ink', 'react', 'yoga-layout', '@kubernetes/client-node', 'js-yaml']) {
		assert.ok(
			dirs.some(dir => dir.endsWith(`node_modules/${name}`)),
			`${name} is bundled`,
		);
	}
	for (const dir of dirs) {
		const pkg = JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8'));
		const heading = `\n${pkg.name}@${pkg.version}\nLicense: `;
		const at = notices.indexOf(heading);
		assert.notEqual(at, -1, `${pkg.name}@${pkg.version} is missing from the notices`);
		const section = notices.slice(at, notices.indexOf('\n----', at));
		const licence = readBundledPackage(repoRoot, dir);
		assert.ok(licence.license || licence.files.length > 0, `${pkg.name} has a licence`);
		for (const file of licence.files) assert.ok(section.includes(file.text), `${pkg.name}'s ${file.name} is in full`);
		if (licence.files.length === 0) assert.match(section, /declares /);
	}
	// client-node is Apache-2.0: its licence text is there in full.
	assert.match(notices, /@kubernetes\/client-node@[\d.]+\nLicense: Apache-2\.0[\s\S]*Apache License/);
});
