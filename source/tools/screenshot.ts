// Makes the README's pictures: runs `rollout-dash --sim` in tmux, waits for a rollout under way,
// and writes the screen as SVG into media/. Run with: node --import tsx source/tools/screenshot.ts
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {screenToSvg} from './ansi-svg.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const socket = `rd-shot-${process.pid}`;
const columns = 132;
const rows = 42;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', 'shot');

async function waitFor(check: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check(screen())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${screen()}`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

function save(name: string, title: string): void {
	const file = path.join(root, 'media', name);
	writeFileSync(file, screenToSvg(tmux('capture-pane', '-p', '-e', '-t', 'shot'), {columns, rows, title}));
	console.log(`wrote ${path.relative(root, file)}`);
}

try {
	tmux(
		'-f',
		'/dev/null',
		'new-session',
		'-d',
		'-s',
		'shot',
		'-x',
		String(columns),
		'-y',
		String(rows),
		'-c',
		root,
		`exec env CI=false TERM=xterm-256color FORCE_COLOR=3 ${process.execPath} --import tsx source/bin.ts --sim -A`,
	);
	await waitFor(text => /Progressing \d+:\d\d left/.test(text), 'a rollout in the list');
	save('list.svg', 'rollout-dash --sim -A');
	// Open the first deployment whose rollout is under way.
	const lines = screen().split('\n');
	const listStart = lines.findIndex(line => line.includes('NAME') && line.includes('READY'));
	const target = lines.findIndex((line, index) => index > listStart && /Progressing \d+:\d\d left/.test(line));
	for (let i = listStart + 1; i < target; i++) tmux('send-keys', '-t', 'shot', 'j');
	tmux('send-keys', '-t', 'shot', 'Enter');
	await waitFor(
		text =>
			!text.includes('loading…') &&
			/ready\s+\d+\s+available [1-9]/.test(text) &&
			/Waiting for deployment ".+" rollout to finish/.test(text),
		'a surge under way with pods and history loaded',
		120_000,
	);
	save('dashboard.svg', 'rollout-dash: a rolling update under way');
} finally {
	try {
		tmux('kill-server');
	} catch {
		// already gone
	}
}
