#!/usr/bin/env node
// Entry of the kubectl plugin: `kubectl rollout-dash ARGS` runs `kubectl-rollout_dash ARGS`, kubectl's global flags
// placed after the plugin name among them. The same program; only its name in help and hints differs.
import {setProgramName} from './cli/program.js';

setProgramName('kubectl rollout-dash');
await import('./bin.js');
