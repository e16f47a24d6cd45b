// web/complaint-client.d.ts — types of the headless client (complaint-client.js), DESIGN §6.
// Wire names (snake_case) are the API's (DESIGN §3/§4); option names are camelCase.

export type BusinessType = 'fixed_line' | 'mobile' | 'broadband' | 'data' | 'other';
export type Category = 'billing' | 'network' | 'service' | 'product' | 'privacy' | 'other';
export type ReplyMethod = 'phone' | 'sms' | 'email' | 'letter' | 'in_person';
export type Status = 'draft' | 'queued' | 'received' | 'accepted' | 'rejected' | 'investigating' | 'processing' |
  'replied' | 'follow_up' | 'closed' | 'escalated' | 'withdrawn';

export interface ClientOptions {
  /** Default '/api/v1'. */
  apiBase?: string;
  /** 'indexeddb' (default): drafts and the outbox survive reloads and restarts. 'memory': nothing persists. */
  storage?: 'indexeddb' | 'memory';
  /** 'zh-CN' (default) or 'en': language of error messages. */
  lang?: string;
  /** Per request, default 15000. */
  timeoutMs?: number;
  /** Backoff: random in [0, min(maxMs, baseMs · 2^(attempt−1))]; defaults 1000 / 300000. */
  retry?: {baseMs?: number; maxMs?: number};
  /** Filled into filings that do not say; default 'web'. */
  channel?: 'web' | 'app';
  /** Outbox flush timer while the page is visible, default 30000. */
  flushIntervalMs?: number;
  /** "My complaints" refresh interval while visible (If-None-Match), default 60000. */
  refreshMs?: number;
  /** IndexedDB database (and Web Lock) name; default derived from apiBase. */
  dbName?: string;
}

export interface Filing {
  client_ref?: string;
  channel?: 'web' | 'app';
  business_type: BusinessType;
  category: Category;
  /** ISO-8601 with offset. */
  occurred_at: string;
  service_number: string;
  problem: string;
  demand: string;
  customer: {name: string; phone: string; email?: string; reply_method: ReplyMethod;
             /** Only with reply_method 'phone': when to call (Asia/Shanghai). */
             contact_time?: 'morning' | 'afternoon' | 'evening'};
  /** Only with category 'network', all optional: a place from the list or an address (not both), and when. */
  network?: {place?: 'home' | 'office' | 'outdoors' | 'on_the_move'; address?: string;
             time_of_day?: 'morning' | 'afternoon' | 'evening' | 'night' | 'all_day';
             frequency?: 'always' | 'sometimes'};
  /** Upload ids, or files (Blob/File): stored locally and uploaded before the filing. */
  evidence?: Array<string | Blob>;
  consent: boolean;
}

export interface Deadlines {
  acceptance: string | null;
  investigation: string | null;
  reply: string | null;
  follow_up: string | null;
}

/** The 201 answer of POST /complaints. */
export interface FilingAnswer {
  acceptance_no: string;
  status: 'received';
  access_token: string;
  filed_at: string;
  deadlines: Deadlines;
}

export interface Queued {
  queued: true;
  client_ref?: string;
  acceptance_no?: string;
}

export interface ErrorInfo {
  status: number;
  code: string;
  message: string;
  fields: Record<string, string>;
  field_messages: Record<string, string>;
}

export class ComplaintError extends Error {
  code: string;
  status: number;
  fields: Record<string, string>;
  fieldMessages: Record<string, string>;
}

export interface PendingOp {
  op: string;
  kind: 'upload' | 'file' | 'supplement' | 'escalate' | 'withdraw' | 'survey' | 'unknown';
  client_ref: string | null;
  acceptance_no: string | null;
  attempts: number;
  /** ms since the epoch. */
  next_attempt_at: number;
  /** Stopped by a 4xx: waits for retry() or discard(). */
  failed: boolean;
  in_flight: boolean;
  last_error: ErrorInfo | null;
}

export type RejectionReason = 'out_of_scope' | 'time_barred' | 'repeated' | 'other';
export type AppealReason = 'rejected' | 'dissatisfied' | 'reply_overdue' | 'top_level' | 'closed';

/** The dates an appeal to the regulator asks for (ISO-8601 with offset; null: it did not happen). */
export interface RegulatorPath {
  reason: AppealReason;
  filed_at: string;
  accepted_at: string | null;
  rejected_at: string | null;
  /** The latest reply. */
  replied_at: string | null;
  /** The reply deadline while a reply is owed. */
  reply_due: string | null;
  surveyed_at: string | null;
  /** The latest escalation. */
  escalated_at: string | null;
  closed_at: string | null;
}

export interface CustomerView {
  acceptance_no: string;
  status: Status;
  business_type: BusinessType;
  category: Category;
  filed_at: string;
  deadlines: Deadlines;
  overdue: boolean;
  escalation_level: number;
  can_escalate: boolean;
  can_withdraw: boolean;
  can_rate: boolean;
  customer: {name: string; phone: string};
  /** evidence_count: files a supplement added (left out when none). */
  timeline: Array<{at: string; status: Status; actor: string; note: string; evidence_count?: number}>;
  reply: {conclusion: string; basis: string; plan: string; execution: string} | null;
  /** A rejected complaint's reason code and the staff's own note (as written). Word the guidance to
   *  other lawful channels from reason_code, in the customer's language (spec 二(三)). */
  rejection: {reason_code: RejectionReason; note: string} | null;
  /** Set when the customer may appeal to the regulator (MIIT telecom user appeal centre, 12300), with
   *  why and the dates the appeal asks for (DESIGN §3 "The regulator's path"); null otherwise. */
  regulator_path: RegulatorPath | null;
  /** From the device's cache because the server could not be reached. */
  stale?: boolean;
}

export interface MyComplaint extends Partial<CustomerView> {
  acceptance_no: string | null;
  status: Status | null;
  client_ref?: string;
  queued_at?: number;
}

export interface Survey {
  /** The survey token of the follow-up link (#/survey/{no}?t=…); else the device's access token is used. */
  token?: string;
  overall: number;
  resolved: boolean;
  aspects: {attitude: number; speed: number; result: number};
  comment?: string;
}

export interface ClientEvents {
  queued: {client_ref: string};
  submitted: {acceptance_no: string; client_ref: string; op: string; response: FilingAnswer; other_tab?: boolean};
  status: {acceptance_no: string; status: Status};
  'survey-submitted': {acceptance_no: string};
  error: ErrorInfo & {op?: string};
  pending: {count: number};
  'op-done': {op: string; kind: string; client_ref: string; acceptance_no: string; status: number; response?: unknown};
  'op-retry': {op: string; kind: string; attempts: number; next_attempt_at: number; error: ErrorInfo};
  'op-failed': {op: string; kind: string; error: ErrorInfo};
  flushed: {pass: number; outbox: number};
  ready: {outbox: number; drafts: number; mine: number};
  /** Bytes of the evidence file being uploaded now (uploads go one at a time, before their filing). */
  'upload-progress': {loaded: number; total: number};
}

/** verifyPhoneLookup's answer: the phone's complaints as GET /customer/complaints lists them. */
export interface PhoneLookup {
  scope: 'phone';
  expires_at: string | null;
  items: Array<{acceptance_no: string; status: string; filed_at: string; business_type: string; category: string; overdue: boolean}>;
}

export interface ComplaintClient {
  meta(): Promise<Record<string, unknown>>;
  saveDraft(draft: unknown, name?: string): Promise<void>;
  loadDraft<T = unknown>(name?: string): Promise<T | null>;
  fileComplaint(input: Filing): Promise<FilingAnswer | (Queued & {client_ref: string}) |
                                       (Partial<MyComplaint> & {duplicate: true})>;
  pending(): Promise<PendingOp[]>;
  /** Resolves after one pass over the outbox. */
  flush(): Promise<void>;
  retry(op: string): Promise<void>;
  discard(op: string): Promise<void>;
  parseAcceptanceNo(text: string): {ok: boolean; normalized: string | null; error: ErrorInfo | null};
  requestLookupCode(acceptanceNo: string, phone: string): Promise<{sent: true}>;
  verifyLookup(acceptanceNo: string, phone: string, code: string): Promise<{access_token: string; expires_at: string}>;
  /** Lookup by phone (complaints filed on another device or channel): one code for all of them. */
  requestPhoneLookupCode(phone: string): Promise<{sent: true}>;
  /** myComplaints() includes the phone's complaints afterwards. */
  verifyPhoneLookup(phone: string, code: string): Promise<PhoneLookup>;
  getComplaint(acceptanceNo: string): Promise<CustomerView>;
  myComplaints(): Promise<MyComplaint[]>;
  submitSurvey(acceptanceNo: string, survey: Survey): Promise<Record<string, unknown> | Queued>;
  requestEscalation(acceptanceNo: string, reason: string): Promise<Record<string, unknown> | Queued>;
  withdraw(acceptanceNo: string, reason: string): Promise<Record<string, unknown> | Queued>;
  supplement(acceptanceNo: string, text: string, files?: Array<string | Blob>): Promise<Record<string, unknown> | Queued>;
  /** Also accepts 'complaint:'-prefixed names. Returns a function that removes the listener. */
  on<K extends keyof ClientEvents>(event: K | `complaint:${K}`, cb: (detail: ClientEvents[K]) => void): () => void;
  close(): void;
}

export function createClient(options?: ClientOptions): Promise<ComplaintClient>;
