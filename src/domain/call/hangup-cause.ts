// Q.850 hang-up causes as Asterisk reports them, for timelines a person can read.
const CAUSES: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  27: 'Destination out of order',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  127: 'Interworking, unspecified',
};

export function hangupCauseText(cause: number): string {
  return CAUSES[cause] ?? `Q.850 cause ${cause}`;
}
