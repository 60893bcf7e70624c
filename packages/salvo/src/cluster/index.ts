/**
 * Cluster mode: remote runners coordinated through Redis (docs/cluster.md). The command
 * line loads this folder (and ioredis) only for `salvo runner`, `salvo cluster` and
 * `salvo run --cluster`.
 */
export { clusterFleet } from './cluster-fleet.ts';
export { clusterRun } from './run-flags.ts';
export { runnerCommand } from './runner-command.ts';
export { clusterCommand } from './status-command.ts';
