import type { HeldReason } from '@/lib/rules/caps';
import { verdictFor, type RecipientMiss, type RuleDecisions, type RuleMiss } from '@/lib/rules/decisions';

// The incident page's table for one event: rule × recipient, emailed or not and why. Pure: it only reads
// back what was recorded when the matcher decided (the event's decision record and the deliveries written
// with it), joined to the rules as they are now for their names and recipients.

export type ExplainedDelivery = {
  recipientEmail: string;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'filtered' | 'silenced' | 'held' | 'coalesced';
  filterReason: string | null;
  // For a silenced delivery, the silence's name (null when the viewer may not see that silence).
  silenceName: string | null;
  // For a held delivery, the cap that held it (the rule unnamed when the viewer may not see it), and
  // its digest's state. (Optional: the dry run never holds or coalesces.)
  held?: HeldCap | null;
  digest?: { state: DigestState; at: Date | null } | null;
  // For a coalesced delivery, when the email it joined was created, and what became of that email.
  joinedAt?: Date | null;
  joinedStatus?: JoinedStatus | null;
  providerStatus: 'delivered' | 'delayed' | 'bounced' | 'complained' | 'suppressed' | 'failed' | null;
  providerStatusAt: Date | null;
  providerReason: string | null;
  createdAt: Date;
  sentAt: Date | null;
  ruleIds: readonly string[];
};

export type ExplainedRule = {
  id: string;
  name: string;
  createdAt: Date;
  recipients: readonly { email: string; addedAt: Date }[];
};

// A digest: sent (at: when), due (waiting or being sent; at: when it is due), failed, or not sent at all
// because nothing in it was left that the recipient may still see (at: null for both).
export type DigestState = 'sent' | 'due' | 'failed' | 'notSent';

export type HeldCap = Omit<HeldReason, 'ruleId' | 'ruleName'> & { ruleName: string | null };

// Why a recipient of a matching rule got no email (of its own).
// What became of the email a coalesced delivery joined: its changes share that email's fate.
export type JoinedStatus = 'waiting' | 'sent' | 'failed' | 'silenced' | 'filtered' | 'held' | 'coalesced';
export function joinedStatusOf(status: string): JoinedStatus {
  if (status === 'queued' || status === 'sending') return 'waiting';
  return (['sent', 'failed', 'silenced', 'filtered', 'held', 'coalesced'] as const).find((known) => known === status) ?? 'waiting';
}

export type RecipientReason = RecipientMiss | 'recipientCannotView' | 'suppressed' | 'silenced' | 'held' | 'coalesced';

export type RecipientOutcome =
  | {
      email: string;
      emailed: true;
      status: 'queued' | 'sending' | 'sent' | 'failed';
      at: string; // sent, or queued
      provider: { status: NonNullable<ExplainedDelivery['providerStatus']>; at: string; reason: string | null } | null;
    }
  | {
      email: string;
      emailed: false;
      reason: RecipientReason;
      detail: string | null;
      // reason held: the cap, and the digest the email is listed in; reason coalesced: the email it joined.
      held?: HeldCap | null;
      digest?: { state: DigestState; at: string | null } | null;
      joinedAt?: string | null;
      joinedStatus?: JoinedStatus | null;
    };

// Why a rule emailed nobody about the event: a predicate of the matcher, or a fact about the rule.
export type RuleReason = RuleMiss | 'disabled' | 'createdAfter';

export type RuleOutcome =
  | { ruleId: string; ruleName: string; deleted: boolean; matched: true; recipients: RecipientOutcome[] }
  | { ruleId: string; ruleName: string; deleted: boolean; matched: false; reason: RuleReason; recipientCount: number };

export type EventExplanation =
  | { recorded: true; rules: RuleOutcome[]; hiddenRuleCount: number }
  // No record: the event brought no alerts (no rule can match one), or it predates the records.
  | { recorded: false; why: 'noAlerts' | 'notRecorded' };

type Input = {
  receivedAt: Date;
  alertCount: number;
  decisions: RuleDecisions | null;
  deliveries: readonly ExplainedDelivery[];
  // The tenant's rules now; names of rules deleted since come from the deliveries' links.
  rules: readonly ExplainedRule[];
  deletedRuleNames: ReadonlyMap<string, string>;
  // May the viewer see this rule? (rules.view, device-group scope). Deleted rules: only all-groups viewers.
  canSeeRule: (ruleId: string) => boolean;
};

export function explainEvent(input: Input): EventExplanation {
  const { decisions } = input;
  if (!decisions) return { recorded: false, why: input.alertCount === 0 ? 'noAlerts' : 'notRecorded' };
  const known = new Map(input.rules.map((rule) => [rule.id, rule]));
  // Today's rules, and of those deleted since, the ones that matched (named by their deliveries if any).
  const ids = new Set([...input.rules.map((rule) => rule.id), ...Object.keys(decisions.matched), ...input.deletedRuleNames.keys()]);
  const outcomes: RuleOutcome[] = [];
  let hiddenRuleCount = 0;
  for (const id of ids) {
    if (!input.canSeeRule(id)) {
      hiddenRuleCount++;
      continue;
    }
    const rule = known.get(id);
    const name = rule?.name ?? input.deletedRuleNames.get(id) ?? id;
    const deleted = !rule;
    const existed = !rule || rule.createdAt.getTime() <= input.receivedAt.getTime();
    const verdict = verdictFor(decisions, id, existed);
    if (verdict.kind === 'matched') {
      outcomes.push({ ruleId: id, ruleName: name, deleted, matched: true, recipients: recipientsOf(id, rule, verdict.recipients, input) });
    } else {
      const reason: RuleReason = verdict.kind === 'disabled' ? 'disabled' : verdict.kind === 'missed' ? verdict.reason : 'createdAfter';
      outcomes.push({ ruleId: id, ruleName: name, deleted, matched: false, reason, recipientCount: rule?.recipients.length ?? 0 });
    }
  }
  // Matching rules first, then by name: what was sent is what the reader looks for first.
  outcomes.sort((a, b) => Number(b.matched) - Number(a.matched) || a.ruleName.localeCompare(b.ruleName));
  return { recorded: true, rules: outcomes, hiddenRuleCount };
}

function recipientsOf(
  ruleId: string,
  rule: ExplainedRule | undefined,
  misses: Readonly<Record<string, RecipientMiss>>,
  input: Input,
): RecipientOutcome[] {
  const outcomes = new Map<string, RecipientOutcome>();
  for (const delivery of input.deliveries) {
    if (!delivery.ruleIds.includes(ruleId)) continue;
    outcomes.set(delivery.recipientEmail, deliveryOutcome(delivery));
  }
  for (const [email, reason] of Object.entries(misses)) outcomes.set(email, { email, emailed: false, reason, detail: null });
  // Recipients the rule has now but had not when the event came: added after it.
  for (const recipient of rule?.recipients ?? []) {
    const email = recipient.email.toLowerCase();
    if (!outcomes.has(email) && recipient.addedAt.getTime() > input.receivedAt.getTime()) {
      outcomes.set(email, { email, emailed: false, reason: 'addedAfter', detail: null });
    }
  }
  return [...outcomes.values()].sort((a, b) => a.email.localeCompare(b.email));
}

function deliveryOutcome(delivery: ExplainedDelivery): RecipientOutcome {
  const email = delivery.recipientEmail;
  if (delivery.status === 'filtered') {
    const reason = delivery.filterReason === 'recipientCannotView' ? 'recipientCannotView' : 'recipientScope';
    return { email, emailed: false, reason, detail: null };
  }
  // Held back at send time by a silence (maintenance window): recorded, never sent.
  if (delivery.status === 'silenced') return { email, emailed: false, reason: 'silenced', detail: delivery.silenceName };
  // A cap was reached: listed in a digest instead. Coalesced: its changes went out in an earlier email.
  if (delivery.status === 'held') {
    const digest = delivery.digest ? { state: delivery.digest.state, at: delivery.digest.at?.toISOString() ?? null } : null;
    return { email, emailed: false, reason: 'held', detail: null, held: delivery.held ?? null, digest };
  }
  if (delivery.status === 'coalesced') {
    return {
      email,
      emailed: false,
      reason: 'coalesced',
      detail: null,
      joinedAt: delivery.joinedAt?.toISOString() ?? null,
      joinedStatus: delivery.joinedStatus ?? null,
    };
  }
  if (delivery.providerStatus === 'suppressed') return { email, emailed: false, reason: 'suppressed', detail: delivery.providerReason };
  return {
    email,
    emailed: true,
    status: delivery.status,
    at: (delivery.sentAt ?? delivery.createdAt).toISOString(),
    provider:
      delivery.providerStatus && delivery.providerStatusAt
        ? { status: delivery.providerStatus, at: delivery.providerStatusAt.toISOString(), reason: delivery.providerReason }
        : null,
  };
}
