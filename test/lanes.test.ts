import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {inLane, lanesOf, missingTools, testFiles} from './lanes.js';

test('every test file is in exactly one lane', () => {
	const files = testFiles();
	assert.ok(files.length > 50, `found ${files.length} test files`);
	const misplaced = files.map(name => ({name, lanes: lanesOf(name)})).filter(({lanes}) => lanes.length !== 1);
	assert.deepEqual(misplaced, []);
});

test('lanes by name: a new file joins by its prefix; exceptions stay where they are put', () => {
	assert.deepEqual(lanesOf('ui-new-view.test.tsx'), ['unit']);
	assert.deepEqual(lanesOf('model-kubectl.test.ts'), ['integration']);
	assert.deepEqual(lanesOf('sim-controller-new.test.ts'), ['integration']);
	assert.deepEqual(lanesOf('ui-terminal.test.ts'), ['e2e']);
	assert.deepEqual(lanesOf('misc.test.ts'), [], 'an unknown prefix is in no lane (and fails the test above)');
	assert.equal(inLane('unit', 'sim-api-patch.test.ts'), true);
	assert.equal(inLane('integration', 'sim-api-patch.test.ts'), false);
});

test('a lane whose tool is missing says so in one line and runs nothing', () => {
	const empty = mkdtempSync(path.join(os.tmpdir(), 'lanes-'));
	try {
		assert.equal(missingTools(['unit'], empty), undefined, 'the unit lane needs no tool');
		assert.equal(
			missingTools(['integration'], empty),
			'error: the integration tests need kubectl on the PATH (https://kubernetes.io/docs/tasks/tools/)',
		);
		const lanes = fileURLToPath(new URL('./lanes.ts', import.meta.url));
		const run = spawnSync(process.execPath, ['--import', 'tsx', lanes, 'integration', 'e2e'], {
			encoding: 'utf8',
			env: {...process.env, PATH: empty},
		});
		assert.equal(run.status, 1);
		assert.equal(run.stdout, '');
		assert.equal(
			run.stderr,
			'error: the integration and e2e tests need kubectl on the PATH (https://kubernetes.io/docs/tasks/tools/); ' +
				'the e2e tests need tmux on the PATH (https://github.com/tmux/tmux/wiki/Installing)\n',
		);
	} finally {
		rmSync(empty, {recursive: true, force: true});
	}
});
