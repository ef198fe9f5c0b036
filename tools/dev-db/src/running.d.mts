export interface DevServerState {
  supervisorPid: number;
  serverPid: number;
  port: number;
  socket: string;
  datadir: string;
  flavor: string;
  version: string;
  startedAt: string;
  /** The port of the previous start, when another program had taken it (the server then moved to `port`). */
  movedFrom?: number;
}
export type DevServerStatus = { running: false } | ({ running: true; url: string } & DevServerState);
/** The workspace's dev server: running (with its URL and state) or not. Starts nothing. */
export declare function devServerStatus(root: string): Promise<DevServerStatus>;
/** `mysql://root@127.0.0.1:<port>` of the workspace's dev server when it runs, else undefined (ensureDevServer starts it). */
export declare function runningDevServerUrl(root: string): Promise<string | undefined>;
