// The one list of Folio's tables, as Kysely sees them. Table interfaces appear only here.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** ISO-8601 UTC text, e.g. 2026-11-24T10:02:36.123Z. */
type Timestamp = string;

export interface WorkspaceTable {
  id: Generated<number>;
  name: string;
  created_at: Timestamp;
  /** Live (not deleted) customers, kept in step by triggers on customers. */
  customer_count: Generated<number>;
}

export interface UserTable {
  id: Generated<number>;
  workspace_id: number;
  /** Stored lower-cased, so the unique index is case-insensitive. */
  email: string;
  name: string;
  password_hash: string;
  role: 'owner' | 'member';
  created_at: Timestamp;
  /** 1: single-key shortcuts act; 0: turned off in Account settings (WCAG 2.1.4). */
  single_key_shortcuts: Generated<number>;
  /** Set when the person left, was removed or deleted their account: a former member, kept for "added by". */
  deactivated_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** IANA time zone every date is shown and read in; null until the person or their browser says (UTC). */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token in the cookie; the token itself is never stored. */
  id: string;
  user_id: number;
  /** Milliseconds since the epoch, compared on every request. */
  expires_at: number;
  created_at: Timestamp;
  /** Milliseconds since the epoch; written at most every few minutes (null: not since sign-in). */
  last_seen_at: number | null;
  /** The client address when last seen, for the sessions list. */
  address: ColumnType<string, string | undefined, string>;
  /** The browser's User-Agent at sign-in, for the sessions list (cut to 500 characters). */
  user_agent: ColumnType<string, string | undefined, string>;
}

export interface InviteTable {
  id: Generated<number>;
  workspace_id: number;
  /** SHA-256 (hex) of the token in the invite link. */
  token_hash: string;
  created_by: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by: number | null;
  revoked_at: Timestamp | null;
}

export interface PasswordResetTable {
  id: Generated<number>;
  workspace_id: number;
  user_id: number;
  /** SHA-256 (hex) of the token in the reset link. */
  token_hash: string;
  /** null when an operator made it from the command line. */
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** The team's append-only activity log (see src/team/activity.ts for the actions). */
export interface ActivityTable {
  id: Generated<number>;
  workspace_id: number;
  occurred_at: Timestamp;
  /** Who did it; null for an operator at the command line. */
  actor_id: number | null;
  action: string;
  /** The member it was done to, when there is one. */
  subject_id: number | null;
  /** JSON: what else the entry needs to be read (old and new names, counts). */
  details: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  email: string;
  /** The address as the throttle counts it: IPv4 whole, IPv6 by /64 (auth/throttle.ts). */
  ip: string;
  /** Milliseconds since the epoch. */
  attempted_at: number;
}

/** Sign-ups by address, for the registration throttle. */
export interface RegisterAttemptTable {
  id: Generated<number>;
  ip: string;
  /** Milliseconds since the epoch. */
  attempted_at: number;
}

/** Secrets made once and shared by every process (SECRET_KEY, when the environment has none). */
export interface AppSecretTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface CustomerTable {
  id: Generated<number>;
  workspace_id: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  state: string;
  zipcode: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: number | null;
  updated_by: number | null;
  version: ColumnType<number, number | undefined, number>;
  deleted_at: Timestamp | null;
  /** Who put the customer in the trash (while deleted_at is set). */
  deleted_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** The last field change or note: the table's "last touched" sort. */
  touched_at: Timestamp;
  /** Search terms of the customer's live notes, indexed with search_text (see notes/). */
  note_terms: ColumnType<string, string | undefined, string>;
  /**
   * Folded sort keys and search terms, computed from the values by src/customers/keys.ts on every
   * write. The name key is "last \u0001 first \u0002 city" (migrations/0022).
   */
  name_key: string;
  email_key: string;
  city_key: string;
  /** Folded state (the list's filter) and a phone's digits when 7 or more (duplicates), from 0014. */
  state_key: string;
  phone_key: string;
  search_text: string;
}

/** FTS5 index of live customers' search terms, per workspace (external content; see migrations/0006). Only rowid is ever selected. */
export interface CustomerSearchTable {
  rowid: number;
  terms: string;
}

/** What the team wrote about a customer; versioned like customers, soft-deleted for Undo. */
export interface CustomerNoteTable {
  id: Generated<number>;
  workspace_id: number;
  customer_id: number;
  author_id: number;
  /** Plain text, line breaks kept. */
  body: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
  deleted_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  deleted_by: ColumnType<number | null, number | null | undefined, number | null>;
}

/** One write to a customer, or a note written, recorded in the write's transaction (history/). */
export interface CustomerEventTable {
  id: Generated<number>;
  workspace_id: number;
  customer_id: number;
  occurred_at: Timestamp;
  /** Who did it; null for an operator at the command line. */
  actor_id: number | null;
  kind: 'created' | 'changed' | 'deleted' | 'restored' | 'imported' | 'merged' | 'note';
  /** JSON {field: [old, new]} of the fields the write changed (every filled field for 'created'). */
  changes: ColumnType<string | null, string | null | undefined, never>;
  /** JSON: what else the entry needs to be read (the event a restore came from, an import, a merge). */
  details: ColumnType<string | null, string | null | undefined, never>;
  note_id: ColumnType<number | null, number | null | undefined, never>;
  /** The record the event was written on, when a merge moved it here (null: this customer's own). */
  merged_from: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A background job (src/jobs/): claimed with a lease, resumed from its saved position. */
export interface JobTable {
  id: Generated<number>;
  workspace_id: number;
  /** The handler's name in the runner's registry. */
  kind: string;
  /** JSON: what the handler needs to know (fixed when the job is queued). */
  payload: string;
  /** JSON: where the last committed batch stopped (null: not started). */
  position: ColumnType<string | null, string | null | undefined, string | null>;
  state: ColumnType<
    'queued' | 'done' | 'failed',
    'queued' | undefined,
    'queued' | 'done' | 'failed'
  >;
  attempts: ColumnType<number, number | undefined, number>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  /** Epoch milliseconds; past it, another runner may claim the job. */
  lease_expires_at: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  finished_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** Milliseconds, rounded up: the longest any of its batches took from BEGIN to COMMIT (migrations/0019). */
  longest_batch_ms: ColumnType<number | null, number | null | undefined, number | null>;
  /** Batches committed (migrations/0021). */
  batch_count: ColumnType<number, number | undefined, number>;
  /** Batches that held the write lock past the runner's budget (the batch or the upkeep after it). */
  slow_batch_count: ColumnType<number, number | undefined, number>;
}

export type ImportState = 'mapping' | 'running' | 'done' | 'failed' | 'reverting' | 'reverted';

/** A CSV file brought in (customers/import/). */
export interface ImportTable {
  id: Generated<number>;
  workspace_id: number;
  created_by: number;
  file_name: string;
  encoding: string;
  separator: string;
  /** JSON string[]. */
  headers: string;
  row_count: number;
  /** JSON (customers/import/mapping.ts). */
  mapping: ColumnType<string | null, string | null | undefined, string | null>;
  policy: ColumnType<string | null, string | null | undefined, string | null>;
  state: ImportState;
  job_id: ColumnType<number | null, number | null | undefined, number | null>;
  done_rows: ColumnType<number, number | undefined, number>;
  created_count: ColumnType<number, number | undefined, number>;
  updated_count: ColumnType<number, number | undefined, number>;
  skipped_count: ColumnType<number, number | undefined, number>;
  failed_count: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  started_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  finished_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  reverted_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  reverted_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** Customers a revert left alone (edited since the import). */
  revert_kept: ColumnType<number, number | undefined, number>;
  message: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One record of an imported file, staged, and what became of it. */
export interface ImportRowTable {
  import_id: number;
  row_number: number;
  /** JSON string[]. */
  cells: string;
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  customer_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** JSON [{field, message}]. */
  problems: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: an updated customer's values before the import. */
  before: ColumnType<string | null, string | null | undefined, string | null>;
  version_after: ColumnType<number | null, number | null | undefined, number | null>;
  email_key: ColumnType<string | null, string | null | undefined, string | null>;
  revert_outcome: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An action on many customers at once (customers/bulk-actions/), with what Undo needs. */
export interface BulkActionTable {
  id: Generated<number>;
  workspace_id: number;
  actor_id: number;
  /** 'erase' deletes customers in the trash forever (owners; it has no Undo). */
  kind: 'delete' | 'set' | 'restore' | 'erase';
  /** The field a 'set' writes, and its value. */
  field: string | null;
  value: string | null;
  /** JSON: the ids, or the search, the selection was made from. */
  selection: string;
  /** When the person made the selection: customers changed by someone else after it are left alone. */
  selected_at: Timestamp;
  created_at: Timestamp;
  status: 'running' | 'done' | 'failed';
  total: Generated<number>;
  changed: Generated<number>;
  skipped: Generated<number>;
  /** The last customer id a batch reached. */
  cursor: Generated<number>;
  error: string | null;
  finished_at: Timestamp | null;
  undone_at: Timestamp | null;
  undone_by: number | null;
  undo_status: 'running' | 'done' | 'failed' | null;
  undo_changed: Generated<number>;
  undo_left_alone: Generated<number>;
}

/** Each customer a bulk action reached: changed (with what Undo puts back) or left alone. */
export interface BulkActionCustomerTable {
  bulk_action_id: number;
  customer_id: number;
  outcome: 'changed' | 'skipped';
  /** A set field's value before the action. */
  old_value: string | null;
  /** The updated_at the action wrote: a customer changed since is left alone by Undo. */
  written_at: Timestamp | null;
}

/** Two records of one person made one (customers/merging/), with what its Undo needs. */
export interface CustomerMergeTable {
  id: Generated<number>;
  workspace_id: number;
  kept_id: number;
  /** The record merged away (in the trash until Undo or the purge). */
  merged_id: number;
  actor_id: number;
  merged_at: Timestamp;
  /** The kept record's 'merged' event: its changes are what Undo puts back. */
  event_id: number;
  /** The kept record's version right after the merge: edited since, Undo is refused. */
  kept_version: number;
  undone_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  undone_by: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A note or history event a merge moved to the kept record, for Undo to move back. */
export interface CustomerMergeMoveTable {
  merge_id: number;
  kind: 'note' | 'event';
  row_id: number;
}

export interface Database {
  workspaces: WorkspaceTable;
  users: UserTable;
  sessions: SessionTable;
  invites: InviteTable;
  login_attempts: LoginAttemptTable;
  register_attempts: RegisterAttemptTable;
  app_secrets: AppSecretTable;
  password_resets: PasswordResetTable;
  activity: ActivityTable;
  customers: CustomerTable;
  customers_fts: CustomerSearchTable;
  customer_notes: CustomerNoteTable;
  customer_events: CustomerEventTable;
  jobs: JobTable;
  imports: ImportTable;
  import_rows: ImportRowTable;
  bulk_actions: BulkActionTable;
  bulk_action_customers: BulkActionCustomerTable;
  customer_merges: CustomerMergeTable;
  customer_merge_moves: CustomerMergeMoveTable;
}

export type Workspace = Selectable<WorkspaceTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type Invite = Selectable<InviteTable>;
export type Customer = Selectable<CustomerTable>;
export type NewCustomer = Insertable<CustomerTable>;
export type CustomerUpdate = Updateable<CustomerTable>;
export type CustomerNote = Selectable<CustomerNoteTable>;
export type CustomerEvent = Selectable<CustomerEventTable>;
export type Job = Selectable<JobTable>;
export type Import = Selectable<ImportTable>;
export type ImportRow = Selectable<ImportRowTable>;
export type BulkAction = Selectable<BulkActionTable>;
export type CustomerMerge = Selectable<CustomerMergeTable>;
