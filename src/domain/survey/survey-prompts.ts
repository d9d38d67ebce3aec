// Media names of the callback survey's prompts (sounds/<lang>/<id>.wav, installed under
// hotline/; the channel language picks zh or en). Texts in sounds/manifest.json.

export const SURVEY_PROMPTS = {
  intro: 'sound:hotline/case-survey-intro',
  resolved: 'sound:hotline/case-survey-resolved',
  satisfaction: 'sound:hotline/case-survey-satisfied',
  invalidKey: 'sound:hotline/case-survey-invalid-key',
  noKey: 'sound:hotline/case-survey-no-key',
  thanks: 'sound:hotline/case-survey-thanks',
  goodbye: 'sound:hotline/case-survey-goodbye',
} as const;
