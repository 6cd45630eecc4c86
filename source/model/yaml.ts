// An object as `kubectl get -o yaml` prints it by default: managedFields left out, keys sorted (kubectl goes through
// a map on its way to YAML), sequences not indented under their key, strings that would read as another type quoted.
import yaml from 'js-yaml';

/** The object's YAML, one entry per line (not yet made visible: the view does that as it draws). */
export function objectYaml(object: unknown): string[] {
	const copy = structuredClone(object) as {metadata?: {managedFields?: unknown}} | null;
	if (copy?.metadata && typeof copy.metadata === 'object') delete copy.metadata.managedFields;
	const text = yaml.dump(copy, {sortKeys: true, noArrayIndent: true, lineWidth: -1, quotingType: '"', noRefs: true});
	return text.replace(/\n$/, '').split('\n');
}
