export { type Fault, type FaultKind, FaultQueue, parseFaults } from './faults.js';
export {
  createSimulator,
  type ReceivedCall,
  SIMULATOR_CREDENTIALS,
  type SimulatedInstance,
  type Simulator,
  type SimulatorOptions,
} from './server.js';
export type { SimulatorCredentials } from './sigv4.js';
export type { SimulatedRole, StsCall } from './sts.js';
