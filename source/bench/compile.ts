// Transpiles source/ to plain JavaScript (as `tsc` would emit it, without type checking) so that the bench's child
// processes run the code people run, not the tsx loader: start-up times then include no on-the-fly compilation.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = {
	module: ts.ModuleKind.ESNext,
	target: ts.ScriptTarget.ES2022,
	jsx: ts.JsxEmit.ReactJSX,
	esModuleInterop: true,
	sourceMap: false,
};

function sourceFiles(directory: string): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) found.push(...sourceFiles(full));
		else if (/\.(tsx?|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full);
	}
	return found;
}

/**
 * Writes `<outDir>/source/**.js` for every source file under `<projectRoot>/source`. outDir must lie inside the
 * project (e.g. node_modules/.cache) so that bare imports resolve to the project's node_modules.
 */
export function compileSources(projectRoot: string, outDir: string): {files: number; ms: number} {
	const started = performance.now();
	const sourceRoot = path.join(projectRoot, 'source');
	const files = sourceFiles(sourceRoot);
	fs.rmSync(outDir, {recursive: true, force: true});
	for (const file of files) {
		if (file.endsWith('.json')) {
			// Data the sources import (the simulator's OpenAPI definitions) goes along as it is.
			const target = path.join(outDir, path.relative(projectRoot, file));
			fs.mkdirSync(path.dirname(target), {recursive: true});
			fs.copyFileSync(file, target);
			continue;
		}
		const text = fs.readFileSync(file, 'utf8');
		const output = ts.transpileModule(text, {compilerOptions: OPTIONS, fileName: file});
		const target = path.join(outDir, path.relative(projectRoot, file)).replace(/\.tsx?$/, '.js');
		fs.mkdirSync(path.dirname(target), {recursive: true});
		fs.writeFileSync(target, output.outputText);
	}
	// Package scope lookups stop at node_modules: say ESM explicitly.
	fs.writeFileSync(path.join(outDir, 'package.json'), '{"type": "module"}\n');
	return {files: files.length, ms: performance.now() - started};
}
