/**
 * @module logger
 * Structured JSON log lines on stdout. Only non-personal fields go in: ids, codes, counts,
 * durations. Never names, e-mail addresses, free text, IP addresses or user agents.
 */

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export type Logger = {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
};

export function createLogger({
  level = "info",
  write = (line: string) => process.stdout.write(`${line}\n`),
}: {
  level?: Level | "silent";
  write?: (line: string) => void;
} = {}): Logger {
  const emit =
    (lvl: Level) =>
    (event: string, fields: LogFields = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: lvl, event, ...fields }));
    };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}
