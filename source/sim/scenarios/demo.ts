// The demo: several Deployments in `default`, `shop` and `team-a` with revision history, rollouts under way, one that fails
// its progress deadline (an image that does not exist), one crash-looping, one Recreate, one paused with a pending
// change, and a new image rolled out every so often so that a newcomer always sees a rollout.
import {ANNOTATIONS, revisionOf} from '../../k8s/deployment-util.js';
import type {Store} from '../store.js';
import {ScenarioDriver} from './driver.js';
import {loadDemoWorkloads} from './demo-workloads.js';
import {createDeployment, deploymentObject, setImage, setPaused, type DeploymentInput} from './kubectl-writes.js';
import {ensureNamespace, SYSTEM_NAMESPACES} from './namespaces.js';
import {TEAM_A_NAMESPACE} from '../api/users.js';

interface DemoApp {
	input: Omit<DeploymentInput, 'image'>;
	container: string;
	/** Images of revisions 1..N, rolled in order at start-up. */
	history: string[];
	/** Images the periodic roller cycles through (healthy apps only). */
	next?: string[];
	/** Pause after the first revision, then change the image (a paused rollout with a pending change). */
	pauseWith?: string;
}

const APPS: DemoApp[] = [
	{
		input: {name: 'web', namespace: 'default', replicas: 3, port: 80},
		container: 'nginx',
		history: ['nginx:1.25.3', 'nginx:1.25.4', 'nginx:1.26.0'],
		next: ['nginx:1.26.1', 'nginx:1.26.2', 'nginx:1.27.0', 'nginx:1.27.1'],
	},
	{
		input: {name: 'api', namespace: 'default', replicas: 4, port: 8080, readinessDelaySeconds: 5, minReadySeconds: 2},
		container: 'api',
		history: ['ghcr.io/acme/api:2.3.0', 'ghcr.io/acme/api:2.4.0'],
		next: ['ghcr.io/acme/api:2.4.1', 'ghcr.io/acme/api:2.5.0', 'ghcr.io/acme/api:2.5.1'],
	},
	{
		input: {name: 'worker', namespace: 'default', replicas: 2, strategy: {type: 'Recreate'}},
		container: 'worker',
		history: ['ghcr.io/acme/worker:1.0.0', 'ghcr.io/acme/worker:1.1.0'],
		next: ['ghcr.io/acme/worker:1.2.0', 'ghcr.io/acme/worker:1.3.0'],
	},
	{
		input: {
			name: 'frontend',
			namespace: 'shop',
			replicas: 5,
			port: 3000,
			strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 0}},
		},
		container: 'frontend',
		history: [
			'ghcr.io/acme/shop-frontend:5.0.0',
			'ghcr.io/acme/shop-frontend:5.1.0',
			'ghcr.io/acme/shop-frontend:5.2.0',
			'ghcr.io/acme/shop-frontend:5.3.0',
		],
		next: ['ghcr.io/acme/shop-frontend:5.4.0', 'ghcr.io/acme/shop-frontend:5.5.0'],
	},
	{
		input: {name: 'checkout', namespace: 'shop', replicas: 4, port: 8080, progressDeadlineSeconds: 30},
		container: 'checkout',
		history: ['ghcr.io/acme/checkout:3.1.0', 'ghcr.io/acme/checkout:3.2.0', 'ghcr.io/acme/checkout:notfound'],
	},
	{
		input: {name: 'recommendations', namespace: 'shop', replicas: 2, port: 8080, progressDeadlineSeconds: 120},
		container: 'recommendations',
		history: ['ghcr.io/acme/recommendations:0.9.0', 'ghcr.io/acme/recommendations:crashloop'],
	},
	{
		// The namespace the team-a user may edit (its context's namespace).
		input: {name: 'billing', namespace: TEAM_A_NAMESPACE, replicas: 2, port: 8080},
		container: 'billing',
		history: ['ghcr.io/acme/billing:1.4.0', 'ghcr.io/acme/billing:1.5.0'],
		next: ['ghcr.io/acme/billing:1.5.1', 'ghcr.io/acme/billing:1.6.0'],
	},
	{
		input: {name: 'inventory', namespace: 'shop', replicas: 2, port: 8080},
		container: 'inventory',
		history: ['ghcr.io/acme/inventory:1.0.0'],
		pauseWith: 'ghcr.io/acme/inventory:1.1.0',
	},
];

/** Seconds (simulated, so scaled by speed) between two automatic rollouts. */
const ROLL_EVERY_SECONDS = 40;

const changeCause = (app: DemoApp, image: string, namespace: string) =>
	`kubectl set image deployment/${app.input.name} ${app.container}=${image} --namespace=${namespace} --record=true`;

export function loadDemo(store: Store, options: {speed: number}): {stop(): void} {
	for (const namespace of [...SYSTEM_NAMESPACES, 'shop', TEAM_A_NAMESPACE]) ensureNamespace(store, namespace);
	const driver = new ScenarioDriver(store, options.speed);
	const revision = (namespace: string, name: string) => revisionOf(store.get('deployments', namespace, name));

	for (const app of APPS) {
		const namespace = app.input.namespace ?? 'default';
		driver.run(async () => {
			const [first, ...later] = app.history;
			const created = deploymentObject({...app.input, image: first!});
			// kubectl create deployment names the container after the image; the demo keeps a stable name.
			created.spec.template.spec.containers[0].name = app.container;
			created.metadata.annotations = {
				[ANNOTATIONS.changeCause]: `kubectl create deployment ${app.input.name} --image=${first}`,
			};
			if (!store.get('deployments', namespace, app.input.name)) createDeployment(store, created);
			// Each later revision is rolled once the controller has created the ReplicaSet of the previous one.
			for (const [index, image] of later.entries()) {
				await driver.until(() => revision(namespace, app.input.name) >= index + 1);
				setImage(store, namespace, app.input.name, image, changeCause(app, image, namespace));
			}
			if (app.pauseWith) {
				await driver.until(() => revision(namespace, app.input.name) >= 1);
				setPaused(store, namespace, app.input.name, true);
				setImage(store, namespace, app.input.name, app.pauseWith, changeCause(app, app.pauseWith, namespace));
			}
		});
	}

	// Keep something rolling: every ROLL_EVERY_SECONDS, the next healthy app gets its next image.
	const rollable = APPS.filter(app => app.next?.length);
	driver.run(async () => {
		for (let round = 0; ; round++) {
			await driver.sleep(ROLL_EVERY_SECONDS);
			const app = rollable[round % rollable.length]!;
			const namespace = app.input.namespace ?? 'default';
			const current = store.get('deployments', namespace, app.input.name);
			if (!current || current.spec.paused) continue;
			const images = app.next!;
			const image = images[Math.floor(round / rollable.length) % images.length]!;
			setImage(store, namespace, app.input.name, image, changeCause(app, image, namespace));
		}
	});

	loadDemoWorkloads(store, driver);
	return {stop: () => driver.stop()};
}
