// Conversation recordings: a row per recording the app started (implemented in src/adapters/db),
// and the folder the files are in (src/adapters/files). The file of a recording is
// `<name>.<format>` in Asterisk's recording folder.

/** The format CallControl.recordCall records in. */
export const RECORDING_FORMAT = 'wav';

export interface NewRecording {
  callId: string;
  /** Asterisk's recording name: no folder, no extension. */
  name: string;
  format: string;
  bridgeId: string;
  startedAt: Date;
}

export interface RecordingRecord extends NewRecording {
  /** Set when retention deleted the file; the row stays. */
  deletedAt: Date | null;
}

export interface Recordings {
  /** One row per name: adding a name again keeps the first row. */
  add(recording: NewRecording): Promise<void>;
  /** The call's recordings, newest first. */
  forCall(callId: string): Promise<RecordingRecord[]>;
  byName(name: string): Promise<RecordingRecord | null>;
  /** Recordings not yet deleted that started before `cutoff`, oldest first. */
  expiring(cutoff: Date, limit: number): Promise<RecordingRecord[]>;
  /** Marks the recording deleted; false when it already was (another instance was first). */
  markDeleted(name: string, at: Date): Promise<boolean>;
}

export interface RecordingFileName {
  name: string;
  format: string;
}

export interface RecordingFiles {
  /** Size of the file, or null when it is not there. */
  stat(file: RecordingFileName): Promise<{ size: number } | null>;
  /** Deletes the file; 'missing' when it was already gone. */
  remove(file: RecordingFileName): Promise<'removed' | 'missing'>;
  /** Recording files last written before `cutoff` (whatever rows say about them). */
  listOlderThan(cutoff: Date): Promise<RecordingFileName[]>;
}
