/**
 * @module cli
 * `samen`, the operator's command line. Commands that need the embedded database refuse with a
 * clear message while a server holds it (the folder lock names the holder).
 */
import { randomBytes } from "node:crypto";
import { Command, Option } from "commander";
import { listOrganisations } from "../accounts/accounts.repository";
import { createOrganisation, createUser } from "../accounts/accounts.service";
import { ORGANISATION_TYPES, type OrganisationType, ROLES, type Role } from "../accounts/accounts.vocabulary";
import { createApiKey } from "../accounts/api-keys.service";
import { newTotpSecret, totpUri } from "../accounts/totp.rules";
import { verifyStoredChain } from "../audit/audit.verify";
import { formatDemoLogins, seedDemoIfEmpty } from "../demo/demo.seed";
import { registerEstimateCommand } from "../estimation/estimation.cli";
import { readRegionSetFile } from "../geo/geo.reference";
import { importRegionSet } from "../geo/geo.service";
import { registerLinkageCommand } from "../linkage/linkage.cli";
import { applyRetention, retentionDryRun } from "../persons/retention.service";
import { migrate } from "../platform/db/migrate";
import { SYSTEM_ACTOR } from "../platform/deps";
import { ENV_DOCS, loadEnv } from "../platform/env";
import { AppError } from "../platform/errors";
import { startServer } from "../server";
import { rotateKeys } from "../sharing/key-rotation";
import { action, readStdin, withDatabase } from "./cli.support";

export function buildProgram(): Command {
  const program = new Command("samen")
    .description(
      "Samen — platform voor de ketenbrede aanpak van mensenhandel / platform for the chain-wide approach to human trafficking",
    )
    .showHelpAfterError()
    .addHelpText(
      "after",
      `\nConfiguratie / configuration (environment variables):\n${Object.entries(ENV_DOCS)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join("\n")}\n`,
    );

  program
    .command("start")
    .description(
      "Start de server (migreert; laadt demodata in een lege database in demomodus) / start the server",
    )
    .option("--demo", "demomodus: synthetische demodata en demo-aanmeldingen / demo mode")
    .action(
      action(async (opts: { demo?: boolean }) => {
        const env = loadEnv();
        const server = await startServer(opts.demo ? { ...env, SAMEN_DEMO_MODE: true } : env);
        const stop = async () => {
          await server.close();
          process.exit(0);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      }),
    );

  program
    .command("migrate")
    .description("Voer openstaande databasemigraties uit / apply pending database migrations")
    .action(
      action(async () => {
        // withDatabase already migrates; report what is there.
        await withDatabase("samen migrate", async (deps) => {
          const again = await migrate(deps.db);
          const [row] = await deps.db.query<{ v: string }>("select max(version) as v from schema_migrations");
          process.stdout.write(
            `Database is bij / at migration ${row?.v}${again.length ? ` (applied ${again.join(", ")})` : ""}.\n`,
          );
        });
      }),
    );

  program
    .command("seed-demo")
    .description(
      "Laad synthetische demodata in een lege database / load synthetic demo data into an empty database",
    )
    .action(
      action(async () => {
        await withDatabase("samen seed-demo", async (deps) => {
          const logins = await seedDemoIfEmpty(deps);
          process.stdout.write(
            logins
              ? `${formatDemoLogins(logins)}\n`
              : "De database is niet leeg; er is niets geladen. / The database is not empty; nothing was loaded.\n",
          );
        });
      }),
    );

  const org = program.command("org").description("Organisaties / organisations");
  org
    .command("create")
    .description("Maak een organisatie / create an organisation")
    .requiredOption("--name <name>", "naam / name")
    .addOption(new Option("--type <type>", "soort / type").choices(ORGANISATION_TYPES).makeOptionMandatory())
    .option("--municipality <code>", "CBS-gemeentecode / municipality code, e.g. GM0363")
    .option("--police-unit <id>", "politie-eenheid / police unit id, e.g. amsterdam")
    .action(
      action(
        async (opts: {
          name: string;
          type: OrganisationType;
          municipality?: string;
          policeUnit?: string;
        }) => {
          await withDatabase("samen org create", async (deps) => {
            const o = await createOrganisation(deps, SYSTEM_ACTOR, {
              name: opts.name,
              type: opts.type,
              municipalityCode: opts.municipality ?? null,
              policeUnitId: opts.policeUnit ?? null,
            });
            process.stdout.write(`${o.id}\t${o.name}\t${o.type}\n`);
          });
        },
      ),
    );
  org
    .command("list")
    .description("Toon organisaties / list organisations")
    .action(
      action(async () => {
        await withDatabase("samen org list", async (deps) => {
          for (const o of await listOrganisations(deps.db))
            process.stdout.write(`${o.id}\t${o.type}\t${o.name}\n`);
        });
      }),
    );

  org
    .command("api-key")
    .description("API-sleutels voor partnersystemen / API keys for partner systems")
    .command("create")
    .description("Maak een API-sleutel; wordt één keer getoond / create an API key; shown once")
    .requiredOption("--org <id>", "organisatie-id / organisation id (see `samen org list`)")
    .requiredOption("--name <name>", "naam van de koppeling / name of the connection")
    .requiredOption(
      "--user <id>",
      "verantwoordelijke gebruiker, geregistreerd als handelende gebruiker / accountable user, recorded as the acting user",
    )
    .action(
      action(async (opts: { org: string; name: string; user: string }) => {
        await withDatabase("samen org api-key create", async (deps) => {
          const created = await createApiKey(deps, SYSTEM_ACTOR, {
            organisationId: opts.org,
            name: opts.name,
            createdBy: opts.user,
          });
          process.stdout.write(
            `${created.id}\t${created.prefix}\n${created.key}\nBewaar deze sleutel nu; hij wordt niet opnieuw getoond. / Store this key now; it is not shown again.\n`,
          );
        });
      }),
    );

  const user = program.command("user").description("Gebruikers / users");
  user
    .command("create")
    .description(
      "Maak een gebruiker; het wachtwoord komt van stdin (--password-stdin) of wordt gegenereerd / create a user",
    )
    .requiredOption("--email <email>", "e-mailadres / e-mail address")
    .requiredOption("--name <name>", "weergavenaam / display name")
    .requiredOption("--org <id>", "organisatie-id / organisation id (see `samen org list`)")
    .requiredOption(
      "--role <roles>",
      `rol(len), kommagescheiden / role(s), comma-separated: ${ROLES.join(", ")}`,
    )
    .option("--password-stdin", "lees het wachtwoord van stdin / read the password from stdin")
    .option("--totp", "stel direct een TOTP-geheim in en toon het / set up a TOTP secret now and print it")
    .action(
      action(
        async (opts: {
          email: string;
          name: string;
          org: string;
          role: string;
          passwordStdin?: boolean;
          totp?: boolean;
        }) => {
          const roles = opts.role.split(",").map((r) => r.trim());
          const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
          if (unknown.length)
            throw new AppError(
              "VALIDATION_FAILED",
              `Onbekende rol / unknown role: ${unknown.join(", ")}. Kies uit / choose from: ${ROLES.join(", ")}.`,
            );
          const password = opts.passwordStdin
            ? (await readStdin()).replace(/\r?\n$/, "")
            : randomBytes(12).toString("base64url");
          const totpSecret = opts.totp ? newTotpSecret() : null;
          await withDatabase("samen user create", async (deps) => {
            const u = await createUser(deps, SYSTEM_ACTOR, {
              organisationId: opts.org,
              email: opts.email,
              displayName: opts.name,
              roles: roles as Role[],
              password,
              totpSecret,
            });
            process.stdout.write(`${u.id}\n`);
            if (!opts.passwordStdin)
              process.stdout.write(`Wachtwoord / password (eenmalig getoond / shown once): ${password}\n`);
            if (totpSecret) process.stdout.write(`TOTP: ${totpUri(totpSecret, u.email)}\n`);
          });
        },
      ),
    );

  const audit = program.command("audit").description("Audittrail / audit trail");
  audit
    .command("verify")
    .description(
      "Controleer de hashketen; exitcode 1 en de eerste foute regel bij manipulatie / verify the hash chain",
    )
    .action(
      action(async () => {
        await withDatabase("samen audit verify", async (deps) => {
          const result = await verifyStoredChain(deps.db);
          if (result.ok) {
            process.stdout.write(
              `OK: alle ${result.count} auditregels zijn intact / all ${result.count} audit entries are intact.\n`,
            );
            return;
          }
          process.stderr.write(`FOUT / BROKEN at entry ${result.problem.seq}: ${result.problem.message}\n`);
          process.exitCode = 1;
        });
      }),
    );

  const reference = program.command("reference").description("Referentiedata / reference data");
  reference
    .command("import")
    .description(
      "Vervang zorgcoördinatie- of RIEC-regio's uit een JSON-bestand / replace care or RIEC regions from a JSON file",
    )
    .argument("<file>", "regiobestand / region file (see reference/regions/*.example.json)")
    .action(
      action(async (file: string) => {
        const input = readRegionSetFile(file);
        await withDatabase("samen reference import", async (deps) => {
          const set = await importRegionSet(deps.db, SYSTEM_ACTOR, input);
          process.stdout.write(`${set.regions.length} ${set.kind} geladen / loaded.\n`);
        });
      }),
    );

  registerEstimateCommand(program);
  registerLinkageCommand(program);

  const retention = program.command("retention").description("Bewaartermijnen / retention");
  const printPlan = (items: { pseudonym: string; categories: string[]; tombstone: boolean }[]) => {
    if (items.length === 0) process.stdout.write("Niets te verwijderen. / Nothing is due.\n");
    for (const i of items)
      process.stdout.write(
        `${i.pseudonym}\t${i.categories.join(",")}${i.tombstone ? "\t(tombstone)" : ""}\n`,
      );
  };
  retention
    .command("plan")
    .description(
      "Proefdraaien: toon wat de volgende run verwijdert, zonder iets te wijzigen / dry run: show what is due",
    )
    .action(
      action(async () => {
        await withDatabase("samen retention plan", async (deps) => printPlan(await retentionDryRun(deps)));
      }),
    );
  retention
    .command("run")
    .description("Verwijder of anonimiseer wat over de termijn is / remove or anonymise what is due")
    .action(
      action(async () => {
        await withDatabase("samen retention run", async (deps) => printPlan(await applyRetention(deps)));
      }),
    );

  const keys = program.command("keys").description("Versleutelingssleutels / encryption keys");
  keys
    .command("rotate")
    .description(
      "Versleutel alle velden opnieuw met de actieve sleutel (SAMEN_ENCRYPTION_ACTIVE_KEY) / re-encrypt under the active key",
    )
    .action(
      action(async () => {
        await withDatabase("samen keys rotate", async (deps) => {
          const report = await rotateKeys(deps, {
            onProgress: (n) => process.stderr.isTTY && process.stderr.write(`\r${n} velden / fields`),
          });
          if (process.stderr.isTTY) process.stderr.write("\n");
          for (const r of report.filter((r) => r.reencrypted > 0))
            process.stdout.write(`${r.table}.${r.column}: ${r.reencrypted}\n`);
          process.stdout.write(
            `Klaar / done: ${report.reduce((n, r) => n + r.reencrypted, 0)} waarden onder sleutel / values under key ${deps.cipher.activeKeyId}.\n`,
          );
        });
      }),
    );

  return program;
}

const isMain = process.argv[1] && /(?:cli[\\/]main\.ts|samen\.mjs|samen)$/.test(process.argv[1]);
if (isMain) {
  await buildProgram().parseAsync(process.argv);
}
