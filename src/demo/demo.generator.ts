/**
 * @module demo.generator
 * Synthetic demo organisations and users across the country, one user per role. Everything it
 * makes is invented and marked synthetic ("(synthetisch)" in names, is_synthetic in the database,
 * a banner in the UI). Pure: the same output every time.
 */
import type { OrganisationType, Role } from "../accounts/accounts.vocabulary";

export const DEMO_PASSWORD = "samen-demo-wachtwoord";
export const DEMO_EMAIL_DOMAIN = "demo.samen.example";

export type DemoOrganisation = {
  key: string;
  name: string;
  type: OrganisationType;
  municipalityCode: string | null;
  policeUnitId: string | null;
};

export type DemoUser = { orgKey: string; email: string; displayName: string; roles: Role[] };

const SYNTHETIC = "(synthetisch)";

/** Police units with a municipality each, so demo data spans the country. */
const POLICE_UNITS: [string, string, string][] = [
  ["noord-nederland", "Noord-Nederland", "GM0014"],
  ["oost-nederland", "Oost-Nederland", "GM0268"],
  ["midden-nederland", "Midden-Nederland", "GM0344"],
  ["noord-holland", "Noord-Holland", "GM0392"],
  ["amsterdam", "Amsterdam", "GM0363"],
  ["den-haag", "Den Haag", "GM0518"],
  ["rotterdam", "Rotterdam", "GM0599"],
  ["zeeland-west-brabant", "Zeeland-West-Brabant", "GM0758"],
  ["oost-brabant", "Oost-Brabant", "GM0772"],
  ["limburg", "Limburg", "GM0935"],
];

export function demoOrganisations(): DemoOrganisation[] {
  const orgs: DemoOrganisation[] = POLICE_UNITS.map(([id, name, gm]) => ({
    key: `police-${id}`,
    name: `Politie eenheid ${name}, AVIM ${SYNTHETIC}`,
    type: "police",
    municipalityCode: gm,
    policeUnitId: id,
  }));
  const add = (
    key: string,
    name: string,
    type: OrganisationType,
    municipalityCode: string | null,
    policeUnitId: string | null = null,
  ) => orgs.push({ key, name: `${name} ${SYNTHETIC}`, type, municipalityCode, policeUnitId });
  add("kmar", "Koninklijke Marechaussee, district Schiphol", "kmar", "GM0394", "noord-holland");
  add("nla", "Nederlandse Arbeidsinspectie, Informatiepunt", "labour_inspectorate", "GM0518", "den-haag");
  add("om", "Openbaar Ministerie, Landelijk Parket", "public_prosecutor", "GM0599", "rotterdam");
  add("gemeente-utrecht", "Gemeente Utrecht", "municipality", "GM0344", "midden-nederland");
  add("gemeente-eindhoven", "Gemeente Eindhoven", "municipality", "GM0772", "oost-brabant");
  add(
    "zorg-utrecht",
    "Zorgcoördinatie Mensenhandel regio Utrecht",
    "care_provider",
    "GM0344",
    "midden-nederland",
  );
  add(
    "zorg-groningen",
    "Zorgcoördinatie Mensenhandel regio Groningen",
    "care_provider",
    "GM0014",
    "noord-nederland",
  );
  add("cosm-noord", "COSM Opvang Noord", "shelter", "GM0080", "noord-nederland");
  add("vrouwenopvang-zuid", "Vrouwenopvang Zuid", "shelter", "GM0935", "limburg");
  add("comensha", "CoMensha, landelijk coördinatiecentrum", "comensha", "GM0344", "midden-nederland");
  add("riec-mn", "RIEC Midden-Nederland", "riec", "GM0344", "midden-nederland");
  add("ngo-amsterdam", "Hulporganisatie Amsterdam", "ngo", "GM0363", "amsterdam");
  add("veilig-thuis-rotterdam", "Veilig Thuis Rotterdam-Rijnmond", "veilig_thuis", "GM0599", "rotterdam");
  add("jeugdzorg-gelderland", "Jeugdzorg Gelderland", "youth_care", "GM0202", "oost-nederland");
  add("ind", "Immigratie- en Naturalisatiedienst", "ind", "GM0603", "den-haag");
  add("rapporteur", "Bureau Nationaal Rapporteur", "rapporteur", "GM0518", "den-haag");
  add("beheer", "Samen platformbeheer", "platform_operator", "GM0518", "den-haag");
  return orgs;
}

const ROLE_HOMES: [Role, string, string, string][] = [
  ["signaller", "ngo-amsterdam", "melder", "Sanne Melder"],
  ["desk_officer", "nla", "informatiepunt", "Daan Informatiepunt"],
  ["care_coordinator", "zorg-utrecht", "zorgcoordinator", "Fatima Zorgcoördinator"],
  ["shelter_staff", "cosm-noord", "opvang", "Jelle Opvang"],
  ["registry_officer", "comensha", "registratie", "Eva Registratie"],
  ["investigator", "police-amsterdam", "rechercheur", "Mehmet Rechercheur"],
  ["riec_analyst", "riec-mn", "riec", "Anouk RIEC-analist"],
  ["policy_officer", "gemeente-utrecht", "beleid", "Pieter Beleid"],
  ["statistician", "rapporteur", "statisticus", "Lotte Statisticus"],
  ["privacy_officer", "beheer", "privacy", "Noor Privacy"],
  ["administrator", "beheer", "beheerder", "Bram Beheerder"],
];

export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = ROLE_HOMES.map(([role, orgKey, local, name]) => ({
    orgKey,
    email: `${local}@${DEMO_EMAIL_DOMAIN}`,
    displayName: `${name} ${SYNTHETIC}`,
    roles: [role],
  }));
  // More signallers and coordinators elsewhere, so cross-organisation situations exist in the demo.
  users.push(
    {
      orgKey: "veilig-thuis-rotterdam",
      email: `melder.rotterdam@${DEMO_EMAIL_DOMAIN}`,
      displayName: `Yara Melder ${SYNTHETIC}`,
      roles: ["signaller"],
    },
    {
      orgKey: "police-rotterdam",
      email: `rechercheur.rotterdam@${DEMO_EMAIL_DOMAIN}`,
      displayName: `Kees Rechercheur ${SYNTHETIC}`,
      roles: ["investigator"],
    },
    {
      orgKey: "zorg-groningen",
      email: `zorgcoordinator.groningen@${DEMO_EMAIL_DOMAIN}`,
      displayName: `Wieteke Zorgcoördinator ${SYNTHETIC}`,
      roles: ["care_coordinator"],
    },
    {
      orgKey: "vrouwenopvang-zuid",
      email: `opvang.zuid@${DEMO_EMAIL_DOMAIN}`,
      displayName: `Iris Opvang ${SYNTHETIC}`,
      roles: ["shelter_staff"],
    },
  );
  return users;
}

export type DemoPerson = {
  holderEmail: string;
  input: {
    role: "possible_victim" | "suspect";
    name: string;
    ageGroup: "12-17" | "18-24" | "25-34" | "35-44";
    gender: "female" | "male";
    nationality: string;
    languages: string[];
    phone?: string;
    whereabouts?: string;
    residenceStatus: "dutch_or_eu" | "none" | "unknown";
    healthNotes?: string;
  };
  /** Shared with the organisation of this demo user, for this purpose (without consent: fields stay hidden). */
  shareWith?: { email: string; purpose: "care" | "investigation" };
};

/** A few synthetic data subjects, so the privacy screens have something to show. */
export function demoPersons(): DemoPerson[] {
  const at = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;
  return [
    {
      holderEmail: at("zorgcoordinator"),
      input: {
        role: "possible_victim",
        name: `Ana Demo ${SYNTHETIC}`,
        ageGroup: "18-24",
        gender: "female",
        nationality: "RO",
        languages: ["ro", "en"],
        phone: "+31600000001",
        whereabouts: `Demo-opvang Noord ${SYNTHETIC}`,
        residenceStatus: "dutch_or_eu",
        healthNotes: "Synthetisch voorbeeld: gebroken pols, behandeld.",
      },
      shareWith: { email: at("opvang"), purpose: "care" },
    },
    {
      holderEmail: at("zorgcoordinator"),
      input: {
        role: "possible_victim",
        name: `Oksana Voorbeeld ${SYNTHETIC}`,
        ageGroup: "25-34",
        gender: "female",
        nationality: "UA",
        languages: ["uk", "ru"],
        residenceStatus: "unknown",
      },
    },
    {
      holderEmail: at("rechercheur"),
      input: {
        role: "possible_victim",
        name: `Tran Demo ${SYNTHETIC}`,
        ageGroup: "12-17",
        gender: "male",
        nationality: "VN",
        languages: ["vi"],
        residenceStatus: "none",
      },
    },
    {
      holderEmail: at("rechercheur"),
      input: {
        role: "suspect",
        name: `Verdachte Demo ${SYNTHETIC}`,
        ageGroup: "35-44",
        gender: "male",
        nationality: "NL",
        languages: ["nl"],
        residenceStatus: "dutch_or_eu",
      },
    },
  ];
}
