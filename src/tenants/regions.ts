import { distance } from 'fastest-levenshtein';

/**
 * The AWS regions where Amazon Connect runs: the service endpoints listed in "Amazon Connect
 * endpoints and quotas" (docs.aws.amazon.com/general/latest/gr/connect_region.html) and
 * "Availability of Amazon Connect features by Region" in the Administrator Guide, which agree
 * with botocore's endpoints.json (partitions aws and aws-us-gov). Add a region here when AWS
 * opens Connect there, then run `npm run tenants:schema`.
 */
export const CONNECT_REGIONS = [
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
] as const;

export type ConnectRegion = (typeof CONNECT_REGIONS)[number];

/** Places an operator may write instead of the code ("eu-london-2", "frankfurt"). */
const PLACES: Readonly<Record<ConnectRegion, readonly string[]>> = {
  'us-east-1': ['virginia'],
  'us-west-2': ['oregon'],
  'af-south-1': ['africa', 'capetown'],
  'ap-northeast-1': ['tokyo', 'japan'],
  'ap-northeast-2': ['seoul', 'korea'],
  'ap-southeast-1': ['singapore'],
  'ap-southeast-2': ['sydney', 'australia'],
  'ca-central-1': ['canada', 'montreal'],
  'eu-central-1': ['frankfurt', 'germany'],
  'eu-west-2': ['london', 'england', 'britain'],
  'us-gov-west-1': ['govcloud'],
};

/** Codes this close to what was written are suggested (a digit or two letters off). */
const MAX_CODE_DISTANCE = 2;

/**
 * The Connect regions `written` is probably meant to be: the nearest codes when one is at most
 * two edits away ("eu-west-1" → eu-west-2, "US-EAST-1" → us-east-1), otherwise the region of a
 * place it names, even misspelt ("eu-londonn-2" → eu-west-2). Empty when nothing is near.
 */
export function suggestRegions(written: string): ConnectRegion[] {
  const value = written.trim().toLowerCase();
  if (!value) return [];
  const byCode = CONNECT_REGIONS.map((region) => ({ region, d: distance(value, region) }));
  const nearest = Math.min(...byCode.map((c) => c.d));
  if (nearest <= MAX_CODE_DISTANCE) return byCode.filter((c) => c.d === nearest).map((c) => c.region);

  const words = value.split(/[^a-z]+/).filter((word) => word.length >= 4);
  const joined = value.replace(/[^a-z]/g, '');
  const found = new Set<ConnectRegion>();
  for (const region of CONNECT_REGIONS) {
    for (const place of PLACES[region]) {
      const tolerance = place.length <= 6 ? 1 : 2;
      if (joined.includes(place) || words.some((word) => distance(word, place) <= tolerance)) found.add(region);
    }
  }
  return [...found];
}

/** The error for a region Connect does not run in; never repeats the value (it may be shown in readiness). */
export function regionMessage(written: unknown): string {
  const suggestions = typeof written === 'string' ? suggestRegions(written) : [];
  if (suggestions.length > 0) {
    return `not a region where Amazon Connect runs; did you mean ${suggestions.map((r) => `"${r}"`).join(' or ')}?`;
  }
  return `not a region where Amazon Connect runs (one of ${CONNECT_REGIONS.join(', ')})`;
}
