import { describe, expect, it } from 'vitest';
import { isSurveyChannel, surveyChannelId, surveyChannelOfPlayback, surveyLegOf } from '../../../src/app/survey/case-survey-ids.js';

describe('callback survey channel and playback ids', () => {
  it('read back the survey and the attempt', () => {
    expect(surveyChannelId(42, 2)).toBe('survey-42-2');
    expect(surveyLegOf('survey-42-2')).toEqual({ channelId: 'survey-42-2', surveyId: 42, attempt: 2, farHalf: false });
    expect(surveyLegOf('survey-42-2-far')).toEqual({ channelId: 'survey-42-2', surveyId: 42, attempt: 2, farHalf: true });
    expect(surveyChannelOfPlayback('survey-42-2-pb7')).toBe('survey-42-2');
  });

  it.each([
    // inbound callers (Asterisk unique ids), their legs and playbacks, callbacks: never a survey's
    '1763800000.42',
    '1763800000.42-emergency',
    '1763800000.42-agent1',
    '1763800000.42-pb3',
    'callback-7-1',
    'survey-x-1',
    'survey-1',
    'survey-1-2-3',
    'xsurvey-1-2',
  ])('%s is not a survey channel', (id) => {
    expect(isSurveyChannel(id)).toBe(false);
    expect(surveyLegOf(id)).toBeNull();
    expect(surveyChannelOfPlayback(id)).toBeNull();
  });
});
