// Types for the parts of dynalite 4 and s3rver 3.7 that the local stack
// uses, because neither package ships its own.

declare module 'dynalite' {
  import type { Server } from 'node:http';

  export type DynaliteOptions = {
    /** LevelDB directory; in memory when absent. */
    path?: string;
    /** Time a new table stays CREATING, 500 by default. */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  };

  export default function dynalite(options?: DynaliteOptions): Server;
}

declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { RequestListener } from 'node:http';

  export type S3rverOptions = {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  };

  export default class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    logger: { close(): void; exceptions: { unhandle(): void } };
    /** Creates the buckets and configurations from `configureBuckets`. */
    configureBuckets(): Promise<void>;
    /** Koa's request handler for a server of one's own. */
    callback(): RequestListener;
    /** Koa's error event; `status` is the HTTP status of s3rver's response. */
    on(
      event: 'error',
      listener: (error: Error & { status?: number }) => void,
    ): this;
  }
}

declare module 's3rver/lib/models/account.js' {
  export const DUMMY_ACCOUNT: {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
  };
}

declare module 's3rver/lib/models/object.js' {
  const S3Object: { STORAGE_CLASSES: string[]; ALLOWED_METADATA: string[] };
  export default S3Object;
}

declare module 's3rver/lib/stores/filesystem.js' {
  import type { Readable } from 'node:stream';

  /** The object that s3rver's PutObject hands to its store. */
  export type StoredObjectInput = {
    bucket: string;
    key: string;
    content: Readable | Buffer;
    metadata: Record<string, string>;
  };

  export default class FilesystemStore {
    constructor(rootDirectory: string);
    readonly rootDirectory: string;
    getResourcePath(bucket: string, key: string, resource: string): string;
    putMetadata(
      bucket: string,
      key: string,
      metadata: Record<string, string>,
      md5: string,
    ): Promise<void>;
    putObject(
      object: StoredObjectInput,
    ): Promise<{ size: number; md5: string }>;
  }
}
