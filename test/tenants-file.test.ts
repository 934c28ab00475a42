import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tenantsJsonSchema } from '../src/tenants/json-schema.js';
import { loadTenantTargets, parseTenantsText, TenantsFileError } from '../src/tenants/tenants-file.js';

/*
 * The tenants file as an operator writes it: strict JSON (a key written twice, a comment or a
 * trailing comma is refused with its place), and regions where Amazon Connect runs.
 */

const noSecrets = () => undefined;
const refusal = (text: string): TenantsFileError => {
  try {
    parseTenantsText(text, noSecrets, 'tenants.json');
  } catch (error) {
    if (error instanceof TenantsFileError) return error;
    throw error;
  }
  throw new Error('the tenants file was accepted');
};
const withRegion = (region: string) =>
  JSON.stringify({
    tenants: [{ id: 'a', apiKeys: ['key-aaaa-1'], connect: { region, instanceId: 'i', contactFlowId: 'f' } }],
  });

/** Amazon Connect's regions (docs.aws.amazon.com/general/latest/gr/connect_region.html). */
const CONNECT_REGIONS = [
  'us-east-1',
  'us-west-2',
  'af-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-2',
  'us-gov-west-1',
];

describe('tenants file: strict JSON', () => {
  it('refuses a key written twice, naming its path, line and column', () => {
    const text = [
      '{',
      '  "tenants": [',
      '    {',
      '      "id": "a",',
      '      "apiKeys": ["key-aaaa-1"],',
      '      "connect": {',
      '        "region": "us-east-1",',
      '        "instanceId": "i",',
      '        "region": "eu-west-2",',
      '        "contactFlowId": "f"',
      '      }',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const error = refusal(text);
    expect(error.message).toContain('Invalid tenants file tenants.json:');
    expect(error.message).toContain('tenants[0].connect.region: duplicate key "region" (line 9, column 9)');
    // Readiness shows the summary: the path and the rule, never the value.
    expect(error.summary).toContain('tenants[0].connect.region: duplicate key "region"');
    expect(error.summary).not.toContain('eu-west-2');
  });

  it('names every duplicate, at the root and in later array items, with the schema errors', () => {
    const text = `{
  "tenants": [
    { "id": "a", "apiKeys": ["key-aaaa-1"], "connect": { "region": "us-east-1", "instanceId": "i", "contactFlowId": "f" } },
    { "id": "b", "id": "c", "apiKeys": ["key-bbbb-1"], "connect": { "region": "mars", "instanceId": "i", "contactFlowId": "f" } }
  ],
  "tenants": []
}`;
    const { message } = refusal(text);
    expect(message).toContain('tenants[1].id: duplicate key "id" (line 4, column 18)');
    expect(message).toContain('tenants: duplicate key "tenants" (line 6, column 3)');
    // The schema runs too (on the last value of each key, as JSON.parse keeps it): one pass shows all.
    expect(message).toContain('tenants: Too small');
  });

  it('tells duplicates in different objects apart: the same key in two tenants is fine', () => {
    const text = JSON.stringify({
      tenants: [
        { id: 'a', apiKeys: ['key-aaaa-1'], connect: { region: 'us-east-1', instanceId: 'i', contactFlowId: 'f' } },
        { id: 'b', apiKeys: ['key-bbbb-1'], connect: { region: 'us-east-1', instanceId: 'i', contactFlowId: 'g' } },
      ],
    });
    expect(parseTenantsText(text, noSecrets, 'tenants.json').tenants.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it.each([
    ['a line comment', '{\n  // acme\n  "tenants": []\n}', 'line 2, column 3: comments are not allowed (strict JSON)'],
    ['a block comment', '{ "tenants": /* none */ [] }', 'line 1, column 14: comments are not allowed (strict JSON)'],
    [
      'a trailing comma in an object',
      '{\n  "tenants": [],\n}',
      'line 3, column 1: trailing comma before "}" (strict JSON)',
    ],
    [
      'a trailing comma in an array',
      '{ "tenants": [\n  {},\n] }',
      'line 3, column 1: trailing comma before "]" (strict JSON)',
    ],
    ['a missing comma', '{ "tenants": [] "x": 1 }', 'line 1, column 17: "," expected'],
    ['single quotes', "{ 'tenants': [] }", 'line 1, column 3: unexpected character'],
    ['an empty file', '', 'line 1, column 1: value expected'],
    ['two documents', '{ "tenants": [] } {}', 'line 1, column 19: unexpected content after the document'],
    ['an unterminated string', '{ "tenants": "x }', 'line 1, column 14: unterminated string'],
    [
      'nesting deep enough to overflow a stack',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      'line 1, column 1: nested too deeply',
    ],
    [
      'a byte order mark',
      '\uFEFF{ "tenants": [] }',
      'line 1, column 1: byte order mark (save the file as UTF-8 without BOM)',
    ],
  ])('refuses %s with its line and column', (_name, text, expected) => {
    const error = refusal(text);
    expect(error.message).toBe(`Tenants file tenants.json is not valid JSON: ${expected}`);
    expect(error.summary).toBe('the tenants file is not valid JSON');
  });
});

describe('tenants file: Amazon Connect regions', () => {
  it.each(CONNECT_REGIONS)('accepts %s', (region) => {
    expect(parseTenantsText(withRegion(region), noSecrets, 'tenants.json').tenants[0]?.connect.region).toBe(region);
  });

  it.each([
    ['eu-londonn-2', 'eu-west-2'], // a place misspelt
    ['eu-west-1', 'eu-west-2'], // an AWS region where Connect does not run
    ['us-east-2', 'us-east-1'],
    ['US-EAST-1', 'us-east-1'],
    ['ap-southeast-3', 'ap-southeast-1" or "ap-southeast-2'], // a tie: both
    ['frankfurt', 'eu-central-1'],
    ['ap-tokio-1', 'ap-northeast-1'],
  ])('refuses %s naming the path and suggesting %s', (region, suggestion) => {
    const { message, summary } = refusal(withRegion(region));
    expect(message).toContain(
      `tenants[0].connect.region: not a region where Amazon Connect runs; did you mean "${suggestion}"?`,
    );
    expect(summary).not.toContain(region);
  });

  it('lists the regions when nothing is near', () => {
    const { message } = refusal(withRegion('mars'));
    expect(message).toContain(
      `tenants[0].connect.region: not a region where Amazon Connect runs (one of ${CONNECT_REGIONS.join(', ')})`,
    );
    expect(message).not.toContain('did you mean');
    expect(refusal(withRegion('')).message).toContain('tenants[0].connect.region: not a region');
  });

  it('gives editors the list (an enum in tenants.schema.json)', () => {
    const schema = JSON.parse(tenantsJsonSchema());
    const tenant = schema.properties.tenants.items;
    expect(tenant.properties.connect.properties.region.enum).toEqual(CONNECT_REGIONS);
  });
});

describe('tenants file: what a Connect simulator needs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenant-targets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, document: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document));
    return file;
  };

  it('reads every tenant’s region, instance, flow and role without reading a secret', () => {
    const file = write('tenants.json', {
      tenants: [
        {
          id: 'acme',
          apiKeys: ['acme-key-1'],
          connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' },
          auth: { issuer: 'i', audience: 'a', secret: { env: 'UNSET_ACME_JWT_SECRET' } },
        },
        {
          id: 'globex',
          apiKeys: ['globex-key-1'],
          connect: {
            region: 'ap-southeast-2',
            instanceId: 'globex-instance',
            contactFlowId: 'globex-flow',
            roleArn: 'arn:aws:iam::222233334444:role/ConnectChat',
            externalId: 'globex-ext',
            credentials: { accessKeyId: { env: 'UNSET_KEY_ID' }, secretAccessKey: { env: 'UNSET_SECRET' } },
          },
        },
      ],
    });
    expect(loadTenantTargets(file)).toEqual([
      { id: 'acme', connect: { region: 'eu-west-2', instanceId: 'acme-instance', contactFlowId: 'acme-flow' } },
      {
        id: 'globex',
        connect: {
          region: 'ap-southeast-2',
          instanceId: 'globex-instance',
          contactFlowId: 'globex-flow',
          role: { roleArn: 'arn:aws:iam::222233334444:role/ConnectChat', externalId: 'globex-ext' },
        },
      },
    ]);
  });

  it('still refuses a bad file, as the gateway would', () => {
    expect(() => loadTenantTargets(write('bad-region.json', withRegion('eu-londonn-2')))).toThrow(
      'tenants[0].connect.region: not a region where Amazon Connect runs; did you mean "eu-west-2"?',
    );
    expect(() => loadTenantTargets(write('comment.json', '{ // no\n}'))).toThrow(TenantsFileError);
    expect(() => loadTenantTargets(join(dir, 'missing.json'))).toThrow(/Cannot read tenants file .*missing\.json/);
  });
});
