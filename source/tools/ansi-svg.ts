// Turns a terminal screen captured with its SGR escapes (tmux capture-pane -e) into an SVG picture,
// for the README's screenshots. Handles what Ink writes: 16/256/true colours, bold, dim, inverse.

interface Style {
	fg?: string;
	bg?: string;
	bold: boolean;
	dim: boolean;
	inverse: boolean;
}

interface Run {
	text: string;
	column: number;
	style: Style;
}

const BASE_COLOURS = [
	'#1e1e1e',
	'#e06c75',
	'#98c379',
	'#e5c07b',
	'#61afef',
	'#c678dd',
	'#56b6c2',
	'#dcdfe4',
	'#5c6370',
	'#ef8a92',
	'#b5e890',
	'#f0d197',
	'#8cc8ff',
	'#de9bf0',
	'#7fd4de',
	'#ffffff',
];
const DEFAULT_FG = '#dcdfe4';
const DEFAULT_BG = '#1e1e1e';

function colour256(index: number): string {
	if (index < 16) return BASE_COLOURS[index]!;
	if (index >= 232) {
		const level = 8 + (index - 232) * 10;
		return rgb(level, level, level);
	}
	const cube = index - 16;
	const steps = [0, 95, 135, 175, 215, 255];
	return rgb(steps[Math.floor(cube / 36)]!, steps[Math.floor(cube / 6) % 6]!, steps[cube % 6]!);
}

const rgb = (r: number, g: number, b: number) => `#${[r, g, b].map(v => v.toString(16).padStart(2, '0')).join('')}`;

/** Applies one SGR parameter list to a style. */
export function applySgr(style: Style, params: number[]): Style {
	const next = {...style};
	for (let i = 0; i < params.length; i++) {
		const code = params[i]!;
		if (code === 0) Object.assign(next, {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false});
		else if (code === 1) next.bold = true;
		else if (code === 2) next.dim = true;
		else if (code === 22) next.bold = next.dim = false;
		else if (code === 7) next.inverse = true;
		else if (code === 27) next.inverse = false;
		else if (code >= 30 && code <= 37) next.fg = BASE_COLOURS[code - 30];
		else if (code >= 90 && code <= 97) next.fg = BASE_COLOURS[code - 90 + 8];
		else if (code === 39) next.fg = undefined;
		else if (code >= 40 && code <= 47) next.bg = BASE_COLOURS[code - 40];
		else if (code >= 100 && code <= 107) next.bg = BASE_COLOURS[code - 100 + 8];
		else if (code === 49) next.bg = undefined;
		else if (code === 38 || code === 48) {
			const mode = params[i + 1];
			let colour: string | undefined;
			if (mode === 5) {
				colour = colour256(params[i + 2] ?? 0);
				i += 2;
			} else if (mode === 2) {
				colour = rgb(params[i + 2] ?? 0, params[i + 3] ?? 0, params[i + 4] ?? 0);
				i += 4;
			}
			if (code === 38) next.fg = colour;
			else next.bg = colour;
		}
	}
	return next;
}

/** Splits each screen line into runs of equally styled text, with their starting column. */
export function parseScreen(screen: string): Run[][] {
	return screen.split('\n').map(line => {
		const runs: Run[] = [];
		let style: Style = {bold: false, dim: false, inverse: false};
		let column = 0;
		const pattern = /\x1b\[([\d;]*)m|([^\x1b]+)/g;
		for (const match of line.matchAll(pattern)) {
			if (match[2] !== undefined) {
				runs.push({text: match[2], column, style});
				column += [...match[2]].length;
			} else {
				const params = match[1] === '' ? [0] : match[1]!.split(';').map(Number);
				style = applySgr(style, params);
			}
		}
		return runs;
	});
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function screenToSvg(screen: string, options: {columns: number; rows: number; title?: string}): string {
	const cellWidth = 8.4;
	const cellHeight = 17;
	const padding = 12;
	const titleBar = 26;
	const width = Math.ceil(options.columns * cellWidth + padding * 2);
	const height = Math.ceil(options.rows * cellHeight + padding * 2 + titleBar);
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
		`<rect width="100%" height="100%" rx="8" fill="${DEFAULT_BG}"/>`,
		`<circle cx="18" cy="14" r="5" fill="#ff5f56"/><circle cx="36" cy="14" r="5" fill="#ffbd2e"/><circle cx="54" cy="14" r="5" fill="#27c93f"/>`,
		options.title
			? `<text x="${width / 2}" y="18" fill="#9da5b4" font-family="sans-serif" font-size="12" text-anchor="middle">${escapeXml(options.title)}</text>`
			: '',
		`<g font-family="'DejaVu Sans Mono','Menlo','Consolas',monospace" font-size="14" xml:space="preserve">`,
	];
	parseScreen(screen)
		.slice(0, options.rows)
		.forEach((runs, row) => {
			const y = padding + titleBar + row * cellHeight;
			for (const run of runs) {
				let fg = run.style.fg ?? DEFAULT_FG;
				let bg = run.style.bg;
				if (run.style.inverse) [fg, bg] = [bg ?? DEFAULT_BG, fg];
				const x = padding + run.column * cellWidth;
				const length = [...run.text].length;
				if (bg)
					out.push(
						`<rect x="${x.toFixed(1)}" y="${y}" width="${(length * cellWidth).toFixed(1)}" height="${cellHeight}" fill="${bg}"/>`,
					);
				if (run.text.trim() === '') continue;
				const weight = run.style.bold ? ' font-weight="bold"' : '';
				const opacity = run.style.dim ? ' fill-opacity="0.6"' : '';
				out.push(
					`<text x="${x.toFixed(1)}" y="${y + 13}" fill="${fg}"${weight}${opacity} textLength="${(length * cellWidth).toFixed(1)}" lengthAdjust="spacingAndGlyphs">${escapeXml(run.text)}</text>`,
				);
			}
		});
	out.push('</g></svg>');
	return `${out.filter(Boolean).join('\n')}\n`;
}
