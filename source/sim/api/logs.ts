// GET pods/{name}/log: the API server's checks (PodLogOptions validation, LogLocation's choice of container), then
// what the kubelet answers (validateContainerLogStatus's errors, the log of the chosen run, follow until it exits).
import type {ServerResponse} from 'node:http';
import type {Store, StoredObject} from '../store.js';
import {findRun, formatLogLine, runLog, runLogAfter, type ContainerRun, type LogLine} from '../kubelet-logs.js';
import {badRequest, invalid} from './status.js';
import type {FieldError} from './validation.js';
import {getExisting, type ApiRequest, type ApiResult, type HandlerContext} from './request.js';
import {methodNotAllowed} from './status.js';

/** How often a follower looks for new lines and for the end of its run. */
const FOLLOW_POLL_MS = 200;

export interface LogOptions {
	container?: string;
	follow: boolean;
	previous: boolean;
	timestamps: boolean;
	tailLines?: number;
	sinceSeconds?: number;
	sinceTime?: number;
	limitBytes?: number;
}

/** strconv.ParseBool, as the query parameters of PodLogOptions are decoded. */
function parseBool(name: string, value: string | null): boolean {
	if (value === null || value === '') return false;
	if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
	if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
	throw badRequest(`strconv.ParseBool: parsing "${value}": invalid syntax for ${name}`);
}

function parseInteger(name: string, value: string | null): number | undefined {
	if (value === null || value === '') return undefined;
	const number = Number(value);
	if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(number))
		throw badRequest(`strconv.ParseInt: parsing "${value}": invalid syntax for ${name}`);
	return number;
}

export function parseLogOptions(query: URLSearchParams, podName: string): LogOptions {
	const sinceText = query.get('sinceTime');
	const sinceTime = sinceText ? Date.parse(sinceText) : undefined;
	if (sinceText && Number.isNaN(sinceTime)) throw badRequest(`parsing time "${sinceText}" as RFC3339: invalid`);
	const options: LogOptions = {
		container: query.get('container') || undefined,
		follow: parseBool('follow', query.get('follow')),
		previous: parseBool('previous', query.get('previous')),
		timestamps: parseBool('timestamps', query.get('timestamps')),
		tailLines: parseInteger('tailLines', query.get('tailLines')),
		sinceSeconds: parseInteger('sinceSeconds', query.get('sinceSeconds')),
		sinceTime,
		limitBytes: parseInteger('limitBytes', query.get('limitBytes')),
	};
	const errors: FieldError[] = [];
	if (options.tailLines !== undefined && options.tailLines < 0)
		errors.push({
			type: 'Invalid',
			field: 'tailLines',
			value: options.tailLines,
			detail: 'must be greater than or equal to 0',
		});
	if (options.limitBytes !== undefined && options.limitBytes < 1)
		errors.push({type: 'Invalid', field: 'limitBytes', value: options.limitBytes, detail: 'must be greater than 0'});
	if (options.sinceSeconds !== undefined && options.sinceTime !== undefined)
		errors.push({
			type: 'Forbidden',
			field: '',
			detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified',
		});
	else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1)
		errors.push({
			type: 'Invalid',
			field: 'sinceSeconds',
			value: options.sinceSeconds,
			detail: 'must be greater than 0',
		});
	if (errors.length > 0) throw invalid('PodLogOptions', '', podName, errors);
	return options;
}

/** LogLocation: the named container must exist; without a name the pod must have exactly one. */
export function chooseContainer(pod: StoredObject, requested: string | undefined): string {
	const name = pod.metadata.name;
	const containers = ((pod.spec?.containers ?? []) as {name: string}[]).map(c => c.name);
	const initContainers = ((pod.spec?.initContainers ?? []) as {name: string}[]).map(c => c.name);
	if (requested) {
		if (!containers.includes(requested) && !initContainers.includes(requested))
			throw badRequest(`container ${requested} is not valid for pod ${name}`);
		return requested;
	}
	if (containers.length === 1) return containers[0]!;
	if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
	let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
	if (initContainers.length > 0) message += ` or one of the init containers: [${initContainers.join(' ')}]`;
	throw badRequest(message);
}

/** validateContainerLogStatus: which run's log to read, or the kubelet's reason why there is none. */
export function chooseContainerID(pod: StoredObject, container: string, previous: boolean): string {
	const podName = pod.metadata.name;
	const status = ((pod.status?.containerStatuses ?? []) as any[]).find(s => s?.name === container);
	if (!status) throw badRequest(`container "${container}" in pod "${podName}" is not available`);
	const last = status.lastState?.terminated;
	const {waiting, running, terminated} = status.state ?? {};
	if (previous) {
		if (!last?.containerID)
			throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
		return last.containerID;
	}
	if (running) return status.containerID;
	if (terminated) {
		if (terminated.containerID) return terminated.containerID;
		if (last?.containerID) return last.containerID;
		throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
	}
	if (last) {
		if (!last.containerID) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
		return last.containerID;
	}
	if (waiting) {
		const reason = waiting.reason ?? '';
		if (reason === 'ErrImagePull')
			throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
		if (reason === 'ImagePullBackOff')
			throw badRequest(
				`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`,
			);
		throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
	}
	throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

function initialLines(run: ContainerRun, options: LogOptions, now: number): LogLine[] {
	const since = options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : options.sinceTime;
	return runLog(run, now, {since, tail: options.tailLines});
}

/** Writes log text and stops at limitBytes, cutting a line where the limit falls, as the kubelet does. */
class LogWriter {
	private written = 0;
	constructor(
		private readonly response: ServerResponse,
		private readonly options: LogOptions,
	) {}

	get full(): boolean {
		return this.options.limitBytes !== undefined && this.written >= this.options.limitBytes;
	}

	write(lines: LogLine[]): void {
		if (lines.length === 0 || this.full) return;
		let text = Buffer.from(lines.map(line => formatLogLine(line, this.options.timestamps)).join(''));
		if (this.options.limitBytes !== undefined) text = text.subarray(0, this.options.limitBytes - this.written);
		this.written += text.length;
		this.response.write(text);
	}
}

export function podLog(context: HandlerContext, request: ApiRequest, response: ServerResponse): ApiResult {
	if (request.method !== 'GET') throw methodNotAllowed();
	const {info, namespace, name} = request.target;
	const pod = getExisting(context.store, info, namespace, name!);
	const options = parseLogOptions(request.query, pod.metadata.name);
	const container = chooseContainer(pod, options.container);
	// A pod no node has taken yet has no log anywhere: the API server answers with nothing.
	if (!pod.spec?.nodeName) return {code: 200, body: ''};
	const containerID = chooseContainerID(pod, container, options.previous);
	const now = context.store.now().getTime();
	const run = findRun(pod, container, containerID);
	response.writeHead(200, {'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private'});
	const writer = new LogWriter(response, options);
	const lines = run ? initialLines(run, options, now) : [];
	writer.write(lines);
	if (!options.follow || !run || run.finishedAt !== undefined || writer.full) {
		response.end();
		return 'streamed';
	}
	follow(context.store, pod, container, containerID, lines.at(-1), writer, response);
	return 'streamed';
}

/** Streams the run's new lines until it exits, the pod is gone, the limit is reached or the client hangs up. */
function follow(
	store: Store,
	pod: StoredObject,
	container: string,
	containerID: string,
	seen: LogLine | undefined,
	writer: LogWriter,
	response: ServerResponse,
): void {
	let last = seen;
	const timer = setInterval(() => {
		const current = store.get('pods', pod.metadata.namespace, pod.metadata.name);
		const run = current?.metadata.uid === pod.metadata.uid ? findRun(current, container, containerID) : undefined;
		if (run) {
			const lines = runLogAfter(run, last, store.now().getTime());
			writer.write(lines);
			last = lines.at(-1) ?? last;
		}
		if (!run || run.finishedAt !== undefined || writer.full) stop();
	}, FOLLOW_POLL_MS);
	const stop = () => {
		clearInterval(timer);
		if (!response.writableEnded) response.end();
	};
	response.on('close', stop);
}
