// Moved to the core (src/chat/tenant.ts); kept while files under edit still import it from here.
export type * from '../chat/tenant.js';
