export type { AdvanceContactOptions, SimulatedContactState, SimulatedInstance } from './contact-store.js';
export { type Fault, type FaultKind, FaultQueue, parseFaults, type SimulatedOperation } from './faults.js';
export type { DescribeCall, ReceivedCall } from './routes.js';
export { createSimulator, SIMULATOR_CREDENTIALS, type Simulator, type SimulatorOptions } from './server.js';
export type { SimulatorCredentials } from './sigv4.js';
export type { SimulatedRole, StsCall } from './sts.js';
