/**
 * @module deps
 * What request handlers and services need, passed explicitly (no globals), so tests can build an
 * app on any database with `createApp(deps)`.
 */
import type { SharingRuleSet } from "../sharing/sharing-rules.schema";
import type { FieldCipher } from "./crypto";
import type { Db } from "./db/database";
import type { Env } from "./env";
import type { Logger } from "./logger";

export type Deps = {
  db: Db;
  env: Env;
  cipher: FieldCipher;
  logger: Logger;
  now: () => Date;
  /** The sharing rule set in force, loaded at start from reference/sharing-rules. */
  sharingRules: SharingRuleSet;
};

/** Who does something, for the audit trail. */
export type Actor = { userId: string | null; organisationId: string | null; requestId: string | null };

export const SYSTEM_ACTOR: Actor = { userId: null, organisationId: null, requestId: null };
