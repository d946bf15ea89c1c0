/**
 * @module lock
 * An exclusive lock on the embedded database folder. PGlite is one process with one connection:
 * two processes on the same folder silently lose each other's writes, so the second opener must
 * be refused with a message that names the holder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type LockHolder = { pid: number; host: string; startedAt: string; command: string };

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `De database in ${dataDir} is al in gebruik door proces ${holder.pid} op ${holder.host} ` +
        `(${holder.command}, gestart ${holder.startedAt}). Stop dat proces eerst, of gebruik de HTTP-API. / ` +
        `The database in ${dataDir} is already in use by process ${holder.pid} on ${holder.host} ` +
        `(${holder.command}, started ${holder.startedAt}). Stop that process first, or use the HTTP API.`,
    );
  }
}

const LOCK_FILE = "samen.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock or throws DataDirLockedError. A lock left by a dead process on this host is
 * taken over. Returns a release function.
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, "wx", 0o600);
      fs.writeFileSync(fd, JSON.stringify(me));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const holder = readHolder(file);
        if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(file);
      if (holder && holder.host === me.host && holder.pid !== process.pid && !isAlive(holder.pid)) {
        fs.rmSync(file, { force: true }); // stale: its process is gone
        continue;
      }
      if (!holder) {
        // Being written right now by another opener, or damaged: treat as held.
        throw new DataDirLockedError(dataDir, {
          pid: 0,
          host: "?",
          startedAt: "?",
          command: "onbekend/unknown",
        });
      }
      throw new DataDirLockedError(dataDir, holder);
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
