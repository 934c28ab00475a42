import {
  createSimulator,
  SIMULATOR_CREDENTIALS,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';

/** Secrets of the fixture's tenants (test/fixtures/tenants.json), as the environment would hold them. */
export const FIXTURE_SECRETS: Record<string, string> = {
  GLOBEX_KEY_ID: 'AGLOBEXACCESSKEY',
  GLOBEX_SECRET: 'globex-secret-access-key',
};

/**
 * A Connect simulator listening on 127.0.0.1 port 0 that serves the fixture's tenants: it knows
 * acme's and globex's instances and flows, and accepts both sets of credentials (the simulator's,
 * which the gateway uses for acme, and globex's own). `options` are merged over these: an option
 * given replaces the fixture's (e.g. `faults`, `clock`, or other `instances`).
 */
export async function startFixtureSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const simulator = createSimulator({
    credentials: [
      SIMULATOR_CREDENTIALS,
      { accessKeyId: FIXTURE_SECRETS.GLOBEX_KEY_ID!, secretAccessKey: FIXTURE_SECRETS.GLOBEX_SECRET! },
    ],
    instances: [
      { instanceId: 'acme-instance', contactFlowIds: ['acme-flow'] },
      { instanceId: 'globex-instance', contactFlowIds: ['globex-flow'] },
    ],
    ...options,
  });
  await simulator.listen(0, '127.0.0.1');
  return simulator;
}
