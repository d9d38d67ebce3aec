// Ids of callback-survey channels and playbacks, chosen by the app before each command:
//   channel   survey-<surveyId>-<attempt>          (its Local far half: …-far)
//   playback  survey-<surveyId>-<attempt>-pb<n>
// The dispatcher hands every event with such an id to the survey calls, so they are never
// taken for an inbound caller (see channel-routing.ts for the inbound ids).

const CHANNEL = /^survey-(\d{1,15})-(\d{1,4})(-far)?$/;
const PLAYBACK = /^(survey-\d{1,15}-\d{1,4})-pb\d+$/;

export interface SurveyLeg {
  channelId: string;
  surveyId: number;
  attempt: number;
  farHalf: boolean;
}

export const surveyChannelId = (surveyId: number, attempt: number): string => `survey-${surveyId}-${attempt}`;

export function surveyLegOf(channelId: string): SurveyLeg | null {
  const m = CHANNEL.exec(channelId);
  if (!m) return null;
  return { channelId: `survey-${m[1]}-${m[2]}`, surveyId: Number(m[1]), attempt: Number(m[2]), farHalf: m[3] !== undefined };
}

/** The survey channel a playback id belongs to, or null. */
export function surveyChannelOfPlayback(playbackId: string): string | null {
  return PLAYBACK.exec(playbackId)?.[1] ?? null;
}

export function isSurveyChannel(channelId: string): boolean {
  return CHANNEL.test(channelId);
}
