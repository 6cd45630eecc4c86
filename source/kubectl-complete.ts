#!/usr/bin/env node
// kubectl (1.26 and later) completes a plugin's arguments by running `kubectl_complete-<plugin> ARGS… CURRENT` and
// reading cobra's answer: exactly what `rollout-dash __complete` prints.
import {setProgramName} from './cli/program.js';

setProgramName('kubectl rollout-dash');
process.argv.splice(2, 0, '__complete');
await import('./bin.js');
