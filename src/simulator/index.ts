export { type Fault, type FaultKind, FaultQueue, parseFaults, type SimulatedOperation } from './faults.js';
export {
  type AdvanceContactOptions,
  createSimulator,
  type DescribeCall,
  type ReceivedCall,
  SIMULATOR_CREDENTIALS,
  type SimulatedContactState,
  type SimulatedInstance,
  type Simulator,
  type SimulatorOptions,
} from './server.js';
export type { SimulatorCredentials } from './sigv4.js';
export type { SimulatedRole, StsCall } from './sts.js';
