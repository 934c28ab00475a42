import { createApp } from './src/app.ts';
import { createLogger } from './src/logger.ts';
import { parseTenants } from './src/tenants/load.ts';
const tenants = parseTenants({ tenants: [{ id: 'demo', apiKeys: ['demo-public-key'], connect: { region: 'us-east-1', instanceId: 'i', contactFlowId: 'f' } }] }, () => undefined);
const app = createApp({ logger: createLogger('silent'), tenants, chatStarter: { start: () => Promise.reject(new Error('x')) } });
for (const [query, variables] of [['mutation M($input: StartChatContactInput!) { startChatContact(input: $input) { __typename } }', {input: {participantDetails: {displayName: 'A'}, participantConfiguration: {responseMode: 'X'}}}], ['{ nope }', {}], ['{', {}]] as const) {
const r = await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-public-key' }, body: JSON.stringify({ query, variables }) });
console.log(r.status, await r.text());
}
