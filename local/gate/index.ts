/**
 * A local stand-in for S3's checks on browser POST uploads, in front of
 * s3rver. See `startGate` and `GateOptions`.
 */

export { startGate, type Gate } from './start-gate';
export { defaultGateOptions, type GateOptions } from './options';
export type { EventName, S3EventPayload, S3EventRecord } from './event-records';
