export type { AvailabilityOperation } from './availability-model.js';
export type { AvailabilityCall } from './availability-routes.js';
export {
  DEMO_HOURS_OF_OPERATION_ID,
  DEMO_QUEUE_ID,
  type SimulatedHoursOfOperation,
  type SimulatedHoursOverride,
  type SimulatedOpenPeriod,
  type SimulatedQueue,
} from './availability-store.js';
export type { AttachmentItem, ChatItem, ParticipantRole, Receipt, TranscriptItem } from './chats.js';
export type { AdvanceContactOptions, SimulatedContactState, SimulatedInstance } from './contact-store.js';
export type { Weekday } from './effective-hours.js';
export { type Fault, type FaultKind, FaultQueue, parseFaults, type SimulatedOperation } from './faults.js';
export type { ParticipantOperation } from './participant-model.js';
export type { ParticipantCall } from './participant-routes.js';
export type { ParticipantServiceOptions } from './participant-service.js';
export type { DescribeCall, ReceivedCall } from './routes.js';
export type { ScriptedAgentOptions } from './scripted-agent.js';
export {
  createSimulator,
  SIMULATOR_CREDENTIALS,
  type Simulator,
  type SimulatorOptions,
  type WaitOptions,
} from './server.js';
export type { SimulatorCredentials } from './sigv4.js';
export type { SimulatedRole, StsCall } from './sts.js';
