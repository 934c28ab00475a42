/// <reference types="vite/client" />

/** The `VITE_*` variables this page reads (see gateway-client.ts). */
interface ImportMetaEnv {
  readonly VITE_GATEWAY_URL?: string;
  readonly VITE_API_KEY?: string;
  readonly VITE_TRUSTED_DOCUMENTS?: string;
  readonly VITE_CALLER_JWT?: string;
}
