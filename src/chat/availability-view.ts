/* What availability and queue status look like to the core and the schema. */

/** What a queue looks like now (GetCurrentMetricData); a metric Connect left out is absent. */
export interface QueueMetrics {
  readonly agentsOnline?: number;
  readonly agentsAvailable?: number;
  readonly contactsInQueue?: number;
  readonly oldestContactAgeSeconds?: number;
}

/** Where a contact stands in its queue (GetContactMetrics); absent when Connect gives none (not queued). */
export interface QueuePosition {
  readonly position?: number;
  readonly estimatedWaitSeconds?: number;
}

/** Why a field of an answer is null. */
export type UnknownReason = 'NOT_CONFIGURED' | 'CONNECT_UNAVAILABLE';

export interface ChatAvailabilityView {
  /** Null: unknown (no hours configured, or Connect did not answer). */
  readonly open: boolean | null;
  readonly timeZone: string | null;
  /** While open: when the current period ends. */
  readonly closesAt: Date | null;
  /** While closed: when chat opens next (within a week). */
  readonly opensAt: Date | null;
  readonly agentsOnline: number | null;
  readonly agentsAvailable: number | null;
  readonly contactsInQueue: number | null;
  /** How long the longest-waiting contact of the queue has waited. */
  readonly longestWaitSeconds: number | null;
  /** Which fields are null and why. */
  readonly unknown: readonly { readonly field: string; readonly reason: UnknownReason }[];
  /** When Connect was read (answers are shared for the tenant's cacheSeconds). */
  readonly checkedAt: Date;
}

export interface QueueStatusView {
  readonly position: number | null;
  readonly estimatedWaitSeconds: number | null;
}
