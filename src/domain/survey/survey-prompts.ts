// Media names of the callback survey's prompts (sounds/<lang>/<id>.wav, installed under
// hotline/; the channel language picks zh or en). Texts in sounds/manifest.json.

export const SURVEY_PROMPTS = {
  intro: 'sound:hotline/survey-intro',
  resolved: 'sound:hotline/survey-question-resolved',
  satisfaction: 'sound:hotline/survey-question-satisfaction',
  invalidKey: 'sound:hotline/survey-invalid-key',
  noKey: 'sound:hotline/survey-no-key',
  thanks: 'sound:hotline/survey-thanks',
  goodbye: 'sound:hotline/survey-goodbye',
} as const;
