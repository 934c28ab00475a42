import { afterAll, describe, expect, it } from 'vitest';
import { type ListeningGateway, startListeningGateway } from './helpers/listening-gateway.js';

// Two tenants on one Connect instance, each with its own flow (two brands of one company).
const TENANTS = {
  tenants: ['north', 'south'].map((id) => ({
    id,
    apiKeys: [`${id}-key`],
    connect: { region: 'eu-west-2', instanceId: 'shared-instance', contactFlowId: `${id}-flow` },
  })),
};

describe('the embedded simulator with tenants sharing an instance', () => {
  let gateway: ListeningGateway;
  afterAll(() => gateway?.close());

  it('knows every flow of the instance, not only the last tenant’s', async () => {
    gateway = await startListeningGateway({ tenants: TENANTS });
    for (const id of ['north', 'south']) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': `${id}-key` },
        body: JSON.stringify({
          query: 'mutation { startChatContact(input: { participantDetails: { displayName: "Ada" } }) { __typename } }',
        }),
      });
      expect(await response.json()).toEqual({ data: { startChatContact: { __typename: 'StartChatContactPayload' } } });
    }
    expect(gateway.simulator.received.map((c) => c.body.ContactFlowId)).toEqual(['north-flow', 'south-flow']);
  });
});
