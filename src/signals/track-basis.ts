/**
 * @module track-basis
 * What a routing on each track means for sharing: the purpose the receiving team reads for and the
 * legal basis the routing records (the sharing rules still decide field by field at every read).
 */
import type { Purpose } from "../sharing/purposes";
import type { Track } from "./signal.vocabulary";

/** The purpose a team reads a routed signal for, by track. */
export const TRACK_PURPOSE: Record<Track, Purpose> = {
  criminal: "investigation",
  administrative: "supervision",
  care: "care",
};

/** The legal basis a routing records, by track (the sharing rules decide field by field at every read). */
export const TRACK_LEGAL_BASIS: Record<Track, string> = {
  criminal: "Wpg art. 16 / Sr art. 273f — strafrechtelijke opsporing (routing.criminal)",
  administrative: "Wet Bibob / Wabb / Gemeentewet — bestuurlijke aanpak (routing.administrative)",
  care: "AVG art. 6 lid 1 sub d/e en art. 9 lid 2 sub c/h — hulpverlening (routing.care)",
};
