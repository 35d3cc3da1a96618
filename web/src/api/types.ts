// The API's shapes as the dashboard reads them (contract §2–§8; GET /openapi.json is the reference).
// Types only: this module is shared by the pure board logic, which the Worker-side tests import.

export type Role = "admin" | "manager" | "agent" | "requester";
export type RiskBand = "safe" | "warning" | "high_risk" | "breached";
export type TicketStatus = "new" | "open" | "in_progress" | "pending" | "resolved" | "closed";
export type Priority = "P1" | "P2" | "P3" | "P4";
export type MetricName = "response" | "resolution";
export type MetricState = "running" | "paused" | "met" | "breached";

export interface SlaMetric {
  targetMinutes: number;
  dueAt: string | null;
  elapsedMinutes: number;
  percent: number;
  state: MetricState;
}

export interface Sla {
  policyId: string | null;
  response: SlaMetric;
  resolution: SlaMetric;
  risk: RiskBand;
  riskPercent: number;
}

export interface Escalation {
  level: number;
  since: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  nextStepAt: string | null;
}

export interface Ticket {
  id: string;
  key: string;
  title: string;
  description: string;
  priority: Priority;
  category: string | null;
  status: TicketStatus;
  teamId: string;
  assigneeId: string | null;
  requesterId: string;
  customer: string | null;
  tags: string[];
  version: number;
  reopenCount: number;
  escalationLevel: number;
  escalation: Escalation | null;
  createdAt: string;
  updatedAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  sla: Sla | null;
}

export interface User {
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  timezone: string | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: User;
}

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
  skills: string[];
  available: boolean;
  maxActive: number | null;
}

export interface Team {
  id: string;
  name: string;
  key: string;
  autoAssign: boolean;
  /** Left out for requesters. */
  members?: TeamMember[];
}

export interface Comment {
  id: string;
  ticketId: string;
  authorId: string;
  body: string;
  public: boolean;
  createdAt: string;
}

export interface HistoryEntry {
  at: string;
  actorId: string | null;
  action: string;
  from?: unknown;
  to?: unknown;
  ip: string | null;
}

export type TimelineKind = "started" | "retargeted" | "paused" | "resumed" | "met" | "crossed" | "breached";

export interface TimelineEntry {
  at: string;
  metric: MetricName;
  kind: TimelineKind;
  /** The band crossed (warning, high_risk, due_soon, breached), on `crossed` and `breached`. */
  band?: string;
  policyId?: string;
  dueAt?: string;
  elapsedMinutes: number;
}

export interface SlaTimeline {
  policyId: string | null;
  response: SlaMetric | null;
  resolution: SlaMetric | null;
  risk: RiskBand | null;
  riskPercent: number | null;
  timeline: TimelineEntry[];
}

export interface Notification {
  id: string;
  type: string;
  ticketId: string | null;
  ticketKey: string | null;
  metric?: string | null;
  band?: string | null;
  message: string;
  read: boolean;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ComplianceItem {
  group: string;
  metric: MetricName;
  met: number;
  breached: number;
  compliance: number | null;
}

export interface TrendItem {
  date: string;
  created: number;
  resolved: number;
  breached: number;
}

export type AgingBucket = "<1d" | "1-3d" | "3-7d" | "7-30d" | ">30d";

export interface AgingItem {
  bucket: AgingBucket;
  count: number;
}

/** The first message of a live socket, and any resync mid-stream (contract §7). */
export interface SnapshotMessage {
  type: "snapshot";
  seq: number;
  tickets: Ticket[];
  /** The team has more active tickets than the snapshot holds: load the rest with GET /tickets. */
  partial?: boolean;
}

/** Every other message of the room: `ticket` on ticket and SLA events, `comment` on comment.added. */
export interface EventMessage {
  type: string;
  seq: number;
  ticketId?: string;
  ticket?: Ticket;
  comment?: Comment;
  metric?: MetricName;
  band?: string;
}

export type LiveMessage = SnapshotMessage | EventMessage;
