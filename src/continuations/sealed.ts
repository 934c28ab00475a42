import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/*
 * What the gateway keeps of a signed-in customer's chat is sealed with keys derived from
 * CONTINUATION_KEY: the record under AES-256-GCM, bound to its tenant and `sub` (additional data,
 * so a record moved to another key does not open), and stored under an HMAC of both (so the store
 * never shows who a record is for).
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  /** The store key of a tenant's customer: reveals neither. */
  keyOf(tenantId: string, subject: string): string;
  seal(tenantId: string, subject: string, plain: string): string;
  /** The plain text, or undefined when the record is not for this tenant and `sub`, or was tampered with. */
  open(tenantId: string, subject: string, sealed: string): string | undefined;
}

/** `master`: at least 32 bytes of secret (CONTINUATION_KEY, base64). */
export function createSealer(master: Buffer): Sealer {
  if (master.length < 32) throw new Error('CONTINUATION_KEY must hold at least 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  const sealKey = derive('connect-chat-gateway continuation seal v1');
  const lookupKey = derive('connect-chat-gateway continuation lookup v1');
  // The separator cannot occur in a tenant ID, so (tenant, sub) pairs never collide.
  const owner = (tenantId: string, subject: string) => Buffer.from(`${tenantId}\u0000${subject}`, 'utf8');
  return {
    keyOf: (tenantId, subject) => createHmac('sha256', lookupKey).update(owner(tenantId, subject)).digest('base64url'),
    seal(tenantId, subject, plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      cipher.setAAD(owner(tenantId, subject));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(tenantId, subject, sealed) {
      const [version, data] = sealed.split('.');
      if (version !== VERSION || !data) return undefined;
      const bytes = Buffer.from(data, 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(owner(tenantId, subject));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
  };
}
