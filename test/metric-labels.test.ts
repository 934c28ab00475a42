import { describe, expect, it } from 'vitest';
import { labelValue, UNKNOWN_TENANT } from '../src/observability/metrics.js';

const UNSAFE = ['', 'a b', 'x'.repeat(101), 'é', 'tenant"}', 'line\nbreak', 'tok/en=='];

describe('labelValue: only values of the safe shape become label values', () => {
  it('keeps safe values and replaces the rest, however often each is asked', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(labelValue('sendChatMessage')).toBe('sendChatMessage');
      expect(labelValue('SendChatMessagePayload+RATE_LIMITED')).toBe('SendChatMessagePayload+RATE_LIMITED');
      expect(labelValue('x'.repeat(100))).toBe('x'.repeat(100));
      expect(labelValue(undefined)).toBe('other');
      expect(labelValue(undefined, UNKNOWN_TENANT)).toBe(UNKNOWN_TENANT);
      for (const value of UNSAFE) {
        expect(labelValue(value)).toBe('other');
        expect(labelValue(value, UNKNOWN_TENANT)).toBe(UNKNOWN_TENANT);
      }
    }
  });

  it('stays right past the number of values it remembers', () => {
    for (let i = 0; i < 12_000; i += 1) expect(labelValue(`tenant-${i}`)).toBe(`tenant-${i}`);
    expect(labelValue('tenant-11999')).toBe('tenant-11999');
    expect(labelValue('tenant-new')).toBe('tenant-new');
    for (const value of UNSAFE) expect(labelValue(value)).toBe('other');
  });
});
