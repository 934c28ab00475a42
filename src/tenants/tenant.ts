/** Static AWS credentials resolved from the environment. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Where a tenant's chats go. Only the server decides this. */
export interface ConnectTarget {
  readonly region: string;
  readonly instanceId: string;
  readonly contactFlowId: string;
  /** Absent: the default AWS credential chain (or the simulator's credentials). */
  readonly credentials?: StaticCredentials;
}

/** A tenant as the gateway uses it, secrets resolved. */
export interface Tenant {
  readonly id: string;
  readonly name?: string;
  readonly allowedOrigins: readonly string[];
  readonly connect: ConnectTarget;
}
