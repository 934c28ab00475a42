/**
 * Which path the request-level tests run on. The default, as deployed: the hot documents Yoga
 * validated once go through the direct path. `DIRECT_PATH=off` (the vitest project `yoga-only`)
 * sends every request through Yoga, so that each test proves both paths answer alike (issue 17).
 */
export const DIRECT_PATH: 'on' | 'off' = process.env.DIRECT_PATH === 'off' ? 'off' : 'on';

/** For `loadConfig`: the environment's choice of path. */
export const directPathEnv = { DIRECT_PATH } as const;

/** For `createApp`. */
export const directPath = DIRECT_PATH === 'on';
