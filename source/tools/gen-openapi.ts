// Generates source/sim/api/openapi/definitions.json, the OpenAPI definitions the simulator serves, from packages
// on the npm registry (fetched with `npm pack`, never installed):
// - kubernetes-models (the Kubernetes 1.33 API, the published release nearest to 1.32, as TypeScript declarations,
//   with each field's description, type, enum values and whether it is required) and its apimachinery package;
// - kubernetes-client's copy of the Kubernetes OpenAPI document (1.13), for what the declarations do not carry:
//   strategic merge patch strategies and merge keys, integer formats, and the primitive types (Time, Quantity…).
// Only the definitions reachable from the served kinds (and the apps/v1 and core/v1 kinds the simulator is adding)
// are kept. Run: node --import tsx source/tools/gen-openapi.ts
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import ts from 'typescript';
import {RESOURCE_INFO, apiVersionOf} from '../sim/api/resources.js';

const MODELS = 'kubernetes-models@4.5.1';
const APIMACHINERY = '@kubernetes-models/apimachinery@2.2.0';
const SWAGGER_PACKAGE = 'kubernetes-client@9.0.0';
const SWAGGER_FILE = 'package/lib/specs/swagger-1.13.json.gz';
const OUTPUT = path.join(import.meta.dirname, '../sim/api/openapi/definitions.json');

/** Kinds beyond the resource table: those being added to the simulator, and the scale subresource. */
const EXTRA_KINDS = [
	'apps/v1 StatefulSet',
	'apps/v1 DaemonSet',
	'apps/v1 ControllerRevision',
	'v1 Node',
	'autoscaling/v1 Scale',
];

type Schema = Record<string, any>;

function unpack(spec: string, into: string): string {
	const file = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', into], {encoding: 'utf8'}).trim();
	const directory = path.join(into, spec.replace(/[@/]/g, '_'));
	execFileSync('mkdir', ['-p', directory]);
	execFileSync('tar', ['xzf', path.join(into, file.split('\n').pop()!), '-C', directory]);
	return path.join(directory, 'package');
}

/** io.k8s.api.apps.v1.Deployment for apps/v1/Deployment.d.ts; apimachinery paths under io.k8s.apimachinery.pkg. */
function definitionName(file: string, roots: {models: string; apimachinery: string}): string {
	const base = path.basename(file, '.d.ts');
	if (file.startsWith(roots.apimachinery)) {
		const dir = path.relative(roots.apimachinery, path.dirname(file)).split(path.sep).join('.');
		return `io.k8s.apimachinery.pkg.${dir}.${base}`;
	}
	const parts = path.relative(roots.models, path.dirname(file)).split(path.sep);
	if (parts.length === 1) return `io.k8s.api.core.${parts[0]}.${base}`;
	const group = parts[0]!.split('.')[0]!;
	return `io.k8s.api.${group}.${parts[1]}.${base}`;
}

function kindFile(apiVersion: string, kind: string, modelsRoot: string): string {
	return path.join(modelsRoot, apiVersion, `${kind}.d.ts`);
}

class Generator {
	readonly definitions: Record<string, Schema> = {};
	private readonly pending: string[] = [];

	constructor(
		private readonly roots: {models: string; apimachinery: string},
		private readonly legacy: Record<string, Schema>,
	) {}

	add(file: string): string {
		const name = definitionName(file, this.roots);
		if (!(name in this.definitions)) {
			this.definitions[name] = {};
			this.pending.push(file);
		}
		return name;
	}

	run(): void {
		while (this.pending.length) {
			const file = this.pending.pop()!;
			this.definitions[definitionName(file, this.roots)] = this.convertFile(file);
		}
	}

	private resolveImport(fromFile: string, specifier: string): string {
		const bare = specifier.replace(/\.js$/, '');
		if (bare.startsWith('@kubernetes-models/apimachinery/'))
			return `${path.join(this.roots.apimachinery, bare.slice('@kubernetes-models/apimachinery/'.length))}.d.ts`;
		return `${path.resolve(path.dirname(fromFile), bare)}.d.ts`;
	}

	private convertFile(file: string): Schema {
		const name = definitionName(file, this.roots);
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
		const imports = new Map<string, string>();
		let declaration: ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined;
		for (const statement of source.statements) {
			if (ts.isImportDeclaration(statement) && statement.importClause?.namedBindings) {
				const bindings = statement.importClause.namedBindings;
				const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
				if (ts.isNamedImports(bindings) && !specifier.startsWith('@kubernetes-models/base'))
					for (const element of bindings.elements) imports.set(element.name.text, this.resolveImport(file, specifier));
			}
			if (ts.isInterfaceDeclaration(statement) && !declaration) declaration = statement;
			if (ts.isTypeAliasDeclaration(statement) && !declaration && statement.name.text.startsWith('I'))
				declaration = statement;
		}
		const legacy = this.legacy[name];
		if (!declaration || ts.isTypeAliasDeclaration(declaration)) {
			// Primitive wrappers (Time, Quantity, IntOrString…): the Kubernetes document's own definition.
			if (legacy) return structuredClone(legacy);
			return {description: docOf(declaration), type: 'string'};
		}
		const schema: Schema = {};
		const description = docOf(declaration) || legacy?.description;
		if (description) schema.description = description;
		const properties: Record<string, Schema> = {};
		const required: string[] = [];
		for (const member of declaration.members) {
			if (!ts.isPropertySignature(member) || !member.type) continue;
			const key = (member.name as ts.StringLiteral | ts.Identifier).text;
			const old = legacy?.properties?.[key] as Schema | undefined;
			const property = this.convertType(member.type, imports, old);
			const text = docOf(member) || old?.description;
			properties[key] = text ? {description: text, ...property} : property;
			for (const extension of ['x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key'])
				if (old?.[extension]) properties[key]![extension] = old[extension];
			if (!member.questionToken && key !== 'apiVersion' && key !== 'kind') required.push(key);
		}
		if (required.length) schema.required = required.sort();
		schema.type = 'object';
		if (Object.keys(properties).length) schema.properties = sortKeys(properties);
		else if (legacy && !legacy.properties) return structuredClone(legacy); // free-form objects (RawExtension, FieldsV1)
		return schema;
	}

	private convertType(node: ts.TypeNode, imports: Map<string, string>, old: Schema | undefined): Schema {
		if (node.kind === ts.SyntaxKind.StringKeyword)
			return {type: 'string', ...(old?.format ? {format: old.format} : {})};
		if (node.kind === ts.SyntaxKind.BooleanKeyword) return {type: 'boolean'};
		if (node.kind === ts.SyntaxKind.NumberKeyword) {
			if (old?.type === 'number') return {type: 'number', format: old.format ?? 'double'};
			return {type: 'integer', format: old?.format ?? 'int32'};
		}
		if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return {type: 'string'};
		if (ts.isUnionTypeNode(node)) {
			const values = node.types.map(t =>
				ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined,
			);
			if (values.every(v => v !== undefined)) return {type: 'string', enum: values.sort()};
			return {type: 'string'};
		}
		if (ts.isTypeReferenceNode(node)) {
			const name = node.typeName.getText();
			if (name === 'Array' && node.typeArguments?.[0])
				return {type: 'array', items: this.convertType(node.typeArguments[0], imports, old?.items)};
			const file = imports.get(name);
			if (file && existsSync(file)) return {$ref: `#/definitions/${this.add(file)}`};
			throw new Error(`unresolved type ${name}`);
		}
		if (ts.isTypeLiteralNode(node)) {
			const index = node.members.find(ts.isIndexSignatureDeclaration);
			if (index?.type)
				return {type: 'object', additionalProperties: this.convertType(index.type, imports, old?.additionalProperties)};
			return {type: 'object'};
		}
		if (node.kind === ts.SyntaxKind.AnyKeyword || node.kind === ts.SyntaxKind.UnknownKeyword) return {type: 'object'};
		throw new Error(`unsupported type ${ts.SyntaxKind[node.kind]}: ${node.getText()}`);
	}
}

function docOf(node: ts.Node | undefined): string {
	if (!node) return '';
	const docs = (node as {jsDoc?: ts.JSDoc[]}).jsDoc;
	const comment = docs?.[docs.length - 1]?.comment;
	return (typeof comment === 'string' ? comment : (ts.getTextOfJSDocComment(comment) ?? '')).trim();
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
	return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function main(): void {
	const work = mkdtempSync(path.join(tmpdir(), 'gen-openapi-'));
	try {
		const models = unpack(MODELS, work);
		const apimachinery = unpack(APIMACHINERY, work);
		const swaggerPackage = unpack(SWAGGER_PACKAGE, work);
		const legacy = JSON.parse(gunzipSync(readFileSync(path.join(swaggerPackage, '..', SWAGGER_FILE))).toString('utf8'));
		const generator = new Generator({models, apimachinery}, legacy.definitions);
		const kinds = [
			...Object.values(RESOURCE_INFO).map(info => `${apiVersionOf(info)} ${info.kind}`),
			...EXTRA_KINDS,
		].filter((kind, i, all) => all.indexOf(kind) === i);
		const roots: Record<string, {group: string; version: string; kind: string}> = {};
		for (const entry of kinds) {
			const [apiVersion, kind] = entry.split(' ') as [string, string];
			const name = generator.add(kindFile(apiVersion, kind, models));
			const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
			roots[name] = {group: group!, version: version!, kind};
		}
		for (const extra of ['apis/meta/v1/Status', 'apis/meta/v1/DeleteOptions'])
			generator.add(path.join(apimachinery, `${extra}.d.ts`));
		generator.run();
		for (const [name, gvk] of Object.entries(roots))
			generator.definitions[name]!['x-kubernetes-group-version-kind'] = [gvk];
		const document = {
			source: {models: MODELS, apimachinery: APIMACHINERY, patchMetadata: `${SWAGGER_PACKAGE} ${SWAGGER_FILE}`},
			definitions: sortKeys(generator.definitions),
		};
		writeFileSync(OUTPUT, `${JSON.stringify(document)}\n`);
		console.log(`${Object.keys(document.definitions).length} definitions, ${JSON.stringify(document).length} bytes`);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

main();
