// Places one callback-survey call (over ARI in src/app/survey/case-survey-calls.ts). place() resolves
// once the call is on its way; how it ends is reported back through the survey service.

export interface SurveyCall {
  surveyId: number;
  attempt: number;
  number: string;
}

export interface SurveyCallPlacer {
  place(call: SurveyCall): Promise<void>;
}
