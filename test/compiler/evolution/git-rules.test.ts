import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { runCli } from '../../support/project.js';
import { createExampleRepository, edit, git, lineOf, summary } from './support.js';

/**
 * Every rule of `check --against`, demonstrated on a git repository holding the example domains:
 * one commit per rule on top of `base`, then `check --against HEAD~1` must report the rule's code
 * at the changed line of the current spec and name the line of the earlier version.
 */
interface Rule {
  readonly code: string;
  readonly what: string;
  readonly file: string;
  readonly edits: readonly (readonly [find: string, replace: string])[];
  /** Text starting on the line the diagnostic must point at, in the current file (unique there). */
  readonly at: string;
  /** Text on the line the earlier version is named at (the related location), if the rule names one. */
  readonly was?: string;
  readonly severity: Diagnostic['severity'];
}

const rules: readonly Rule[] = [
  {
    code: 'ORX9501',
    what: 'a required field added to an event without a version bump',
    file: 'domains/ecommerce.yaml',
    edits: [['fields: { trackingCode: string }', 'fields: { trackingCode: string, carrier: { type: string, default: post } }']],
    at: 'carrier: { type: string, default: post }',
    severity: 'error',
  },
  {
    code: 'ORX9502',
    what: 'a version bump whose previous version does not describe what was stored',
    file: 'domains/banking.yaml',
    edits: [
      ['            fields: { amount: integer, balanceAfter: integer }', '            fields: { amount: integer }'],
      ['upcast: { channel: legacy }', 'upcast: { channel: legacy, balanceAfter: 0 }'],
    ],
    at: '            fields: { amount: integer }',
    was: '            fields: { amount: integer, balanceAfter: integer }',
    severity: 'error',
  },
  {
    code: 'ORX9503',
    what: 'a stored event removed',
    file: 'domains/notifications.yaml',
    edits: [
      ['      Unsubscribe:\n        requires:\n          - { check: "state.active", error: NotSubscribed, message: "The subscription is not active" }\n        emits: [Unsubscribed]\n', ''],
      ['      Unsubscribed:\n        apply: { active: false }\n', ''],
      // The Subscribers read model reacts to it too.
      ['      Unsubscribed: { update: { active: false } }\n', ''],
    ],
    at: '    events:\n      Subscribed:',
    was: '      Unsubscribed:\n        apply',
    severity: 'error',
  },
  {
    code: 'ORX9504',
    what: 'an enum member removed that stored events hold',
    file: 'domains/banking.yaml',
    edits: [['enum: [EUR, USD, GBP]', 'enum: [EUR, USD]']],
    at: 'enum: [EUR, USD]',
    was: 'Currency:',
    severity: 'error',
  },
  {
    code: 'ORX9505',
    what: 'a stored field narrowed by a constraint',
    file: 'domains/ecommerce.yaml',
    edits: [['      StockAdded:\n        fields: { quantity: integer }', '      StockAdded:\n        fields: { quantity: { type: integer, min: 1 } }']],
    at: 'fields: { quantity: { type: integer, min: 1 } }',
    was: 'fields: { quantity: integer }',
    severity: 'error',
  },
  {
    code: 'ORX9506',
    what: 'a stored field becoming personal data',
    file: 'domains/notifications.yaml',
    edits: [['          address: { type: string, pii: true }\n          body: string', '          address: { type: string, pii: true }\n          body: { type: string, pii: true }']],
    at: '          body: { type: string, pii: true }',
    was: '          body: string',
    severity: 'error',
  },
  {
    code: 'ORX9507',
    what: 'a stored field no longer personal data',
    file: 'domains/banking.yaml',
    edits: [['          ownerName: { type: string, pii: true }\n          address: Address\n          currency: Currency', '          ownerName: string\n          address: Address\n          currency: Currency']],
    at: '          ownerName: string',
    was: '          ownerName: { type: string, pii: true }\n          address: Address\n          currency: Currency',
    severity: 'error',
  },
  {
    code: 'ORX9508',
    what: 'an aggregate renamed',
    file: 'domains/lakehouse.yaml',
    edits: [['  Dataset:\n', '  DataSet:\n']],
    at: '  DataSet:',
    was: '  Dataset:',
    severity: 'error',
  },
  {
    code: 'ORX9509',
    what: 'a domain renamed',
    file: 'domains/notifications.yaml',
    edits: [['domain: notifications', 'domain: messaging']],
    at: 'domain: messaging',
    was: 'domain: notifications',
    severity: 'error',
  },
  {
    code: 'ORX9601',
    what: 'a command renamed',
    file: 'domains/banking.yaml',
    edits: [['      Withdraw:\n', '      WithdrawMoney:\n']],
    at: '      WithdrawMoney:',
    was: '      Withdraw:',
    severity: 'error',
  },
  {
    code: 'ORX9602',
    what: 'a required command field added',
    file: 'domains/ecommerce.yaml',
    edits: [['          trackingCode: { type: string, minLength: 4, maxLength: 40 }\n', '          trackingCode: { type: string, minLength: 4, maxLength: 40 }\n          carrier: string\n']],
    at: '          carrier: string',
    severity: 'error',
  },
  {
    code: 'ORX9603',
    what: 'a command constraint tightened',
    file: 'domains/ecommerce.yaml',
    edits: [['      Restock:\n        fields:\n          quantity: { type: integer, min: 1 }', '      Restock:\n        fields:\n          quantity: { type: integer, min: 5 }']],
    at: 'quantity: { type: integer, min: 5 }',
    was: '          quantity: { type: integer, min: 1 }\n        emits: [StockAdded]',
    severity: 'error',
  },
  {
    code: 'ORX9604',
    what: 'a command field removed',
    file: 'domains/ecommerce.yaml',
    edits: [
      ['      CancelOrder:\n        fields:\n          reason: string?\n', '      CancelOrder:\n'],
      ['OrderCancelled: { reason: reason, refund: state.status == paid, lines: state.lines }', 'OrderCancelled: { refund: state.status == paid, lines: state.lines }'],
    ],
    at: '      CancelOrder:',
    was: '          reason: string?\n        requires',
    severity: 'error',
  },
  {
    code: 'ORX9605',
    what: 'an aggregate id renamed',
    file: 'domains/lakehouse.yaml',
    edits: [['    id: datasetId\n', '    id: datasetKey\n']],
    at: '    id: datasetKey',
    was: '    id: datasetId',
    severity: 'error',
  },
  {
    code: 'ORX9701',
    what: 'the state shape changed (a notice)',
    file: 'domains/banking.yaml',
    edits: [['      closedAt: datetime?\n    commands:', '      closedAt: datetime?\n      lastDepositAt: datetime?\n    commands:']],
    at: '    state:\n      ownerId',
    was: '    state:\n      ownerId',
    severity: 'warning',
  },
  {
    code: 'ORX9702',
    what: 'the subject of stored personal data changed (a notice)',
    file: 'domains/lakehouse.yaml',
    edits: [
      [
        '          requesterEmail: { type: email, pii: { subject: requesterId } }\n        emits: [AnonymizationRequested]',
        '          requesterEmail: { type: email, pii: { subject: dataSubjectId } }\n        emits: [AnonymizationRequested]',
      ],
      [
        '          requesterEmail: { type: email, pii: { subject: requesterId } }\n      AnonymizationStarted:',
        '          requesterEmail: { type: email, pii: { subject: dataSubjectId } }\n      AnonymizationStarted:',
      ],
    ],
    at: '          requesterEmail: { type: email, pii: { subject: dataSubjectId } }\n      AnonymizationStarted:',
    was: '          requesterEmail: { type: email, pii: { subject: requesterId } }\n      AnonymizationStarted:',
    severity: 'warning',
  },
  {
    code: 'ORX9801',
    what: 'an optional event field added (compatible)',
    file: 'domains/ecommerce.yaml',
    edits: [['fields: { trackingCode: string }', 'fields: { trackingCode: string, carrier: string? }']],
    at: 'fields: { trackingCode: string, carrier: string? }',
    severity: 'info',
  },
  {
    code: 'ORX9802',
    what: 'a command added (compatible)',
    file: 'domains/banking.yaml',
    edits: [['      Close:\n', '      Untag:\n        fields: { tag: string }\n        emits: [AccountTagged]\n      Close:\n']],
    at: '      Untag:',
    severity: 'info',
  },
  {
    code: 'ORX9803',
    what: 'an event added (compatible)',
    file: 'domains/banking.yaml',
    edits: [['      AccountClosed:\n', '      AccountFrozen: {}\n      AccountClosed:\n']],
    at: '      AccountFrozen: {}',
    severity: 'info',
  },
  {
    code: 'ORX9804',
    what: 'an enum member added (compatible)',
    file: 'domains/notifications.yaml',
    edits: [['enum: [email, sms, push]', 'enum: [email, sms, push, webhook]']],
    at: 'enum: [email, sms, push, webhook]',
    severity: 'info',
  },
  {
    code: 'ORX9805',
    what: 'an event version added with its previous version (compatible)',
    file: 'domains/ecommerce.yaml',
    edits: [
      [
        '      OrderShipped:\n        fields: { trackingCode: string }\n',
        '      OrderShipped:\n        version: 2\n        fields: { trackingCode: string, carrier: { type: string, default: post } }\n        previous:\n          1:\n            fields: { trackingCode: string }\n',
      ],
    ],
    at: '        version: 2\n        fields: { trackingCode: string, carrier',
    severity: 'info',
  },
  {
    code: 'ORX9806',
    what: 'an aggregate added (compatible)',
    file: 'domains/lakehouse.yaml',
    edits: [['  AnonymizationJob:\n', '  Catalog:\n    state:\n      size: { type: integer, default: 0 }\n  AnonymizationJob:\n']],
    at: '  Catalog:',
    severity: 'info',
  },
  {
    code: 'ORX9808',
    what: 'a constraint loosened in a value type (compatible)',
    file: 'domains/ecommerce.yaml',
    edits: [['quantity: { type: integer, min: 1, max: 99 }', 'quantity: { type: integer, min: 1, max: 999 }']],
    at: 'quantity: { type: integer, min: 1, max: 999 }',
    was: 'quantity: { type: integer, min: 1, max: 99 }',
    severity: 'info',
  },
];

interface JsonReport {
  readonly diagnostics: readonly Diagnostic[];
}

describe('check --against <revision> on a git repository of the example domains', () => {
  let repo = '';
  beforeAll(() => {
    repo = createExampleRepository();
  });

  it('reports nothing but a clean check when nothing changed', async () => {
    const run = await runCli(['check', '--against', 'main'], repo);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toMatch(/^checked 4 domains against main: no problems \(\d+ ms\)\n$/);
  });

  it.each(rules)('$code: $what', async (rule) => {
    git(repo, 'checkout', '-q', '-B', `rule-${rule.code}`, 'base');
    for (const [find, replace] of rule.edits) edit(repo, rule.file, find, replace);
    git(repo, 'commit', '-q', '-a', '-m', `${rule.code}: ${rule.what}`);

    const run = await runCli(['check', '--against', 'HEAD~1', '--format', 'json'], repo);
    const { diagnostics } = JSON.parse(run.stderr) as JsonReport;
    const found = diagnostics.find((d) => d.code === rule.code);
    expect(found, summary(diagnostics).join('\n')).toBeDefined();
    expect(found?.severity).toBe(rule.severity);
    expect(found?.span.file).toBe(rule.file);
    expect(found?.span.start.line).toBe(lineOf(repo, rule.file, rule.at));
    if (rule.was !== undefined) {
      expect(found?.related[0]?.span.file).toBe(`HEAD~1:${rule.file}`);
      expect(found?.related[0]?.span.start.line).toBe(lineOf(repo, rule.file, rule.was, 'HEAD~1'));
    }
    // The current spec itself checks clean: only the change is reported.
    expect(diagnostics.filter((d) => !d.code.startsWith('ORX9')), summary(diagnostics).join('\n')).toEqual([]);
    expect(run.code).toBe(rule.severity === 'error' ? 1 : 0);
  });

  it('ORX9703: says when the earlier version of a domain does not check, and compares the rest', async () => {
    git(repo, 'checkout', '-q', '-B', 'broken-base', 'base');
    edit(repo, 'domains/banking.yaml', 'default: EUR }\n      balance: { type: integer, default: 0 }', 'default: EUR }\n      balance: { type: integr, default: 0 }');
    git(repo, 'commit', '-q', '-a', '-m', 'a broken banking domain');
    edit(repo, 'domains/banking.yaml', 'balance: { type: integr, default: 0 }', 'balance: { type: integer, default: 0 }');
    edit(repo, 'domains/ecommerce.yaml', 'fields: { trackingCode: string }', 'fields: { trackingCode: string, carrier: string? }');
    git(repo, 'commit', '-q', '-a', '-m', 'fixed');
    const run = await runCli(['check', '--against', 'HEAD~1', '--format', 'json'], repo);
    const codes = (JSON.parse(run.stderr) as JsonReport).diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}`);
    expect(codes).toEqual([`ORX9703 HEAD~1:domains/banking.yaml:2`, `ORX9801 domains/ecommerce.yaml:${lineOf(repo, 'domains/ecommerce.yaml', 'carrier: string?')}`]);
    expect(run.code).toBe(0);
  });

  it('ORX9807: a domain added in a new file (compatible)', async () => {
    git(repo, 'checkout', '-q', '-B', 'new-domain', 'base');
    writeFileSync(join(repo, 'domains/billing.yaml'), 'domain: billing\naggregates:\n  Invoice:\n    state:\n      total: { type: integer, default: 0 }\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'ORX9807: a new domain');
    const run = await runCli(['check', '--against', 'HEAD~1', '--format', 'json'], repo);
    const codes = (JSON.parse(run.stderr) as JsonReport).diagnostics.map((d) => `${d.code} ${d.severity} ${d.span.file}:${d.span.start.line}`);
    expect(codes).toEqual(['ORX9807 info domains/billing.yaml:1']);
    expect(run.code).toBe(0);
  });

  it('reads the spec globs of the config as they were at the revision', async () => {
    git(repo, 'checkout', '-q', '-B', 'moved-specs', 'base');
    git(repo, 'mv', 'domains', 'specs');
    writeFileSync(join(repo, 'orchestrix.config.yaml'), 'specs: ["specs/*.yaml"]\noutput: out/generated\nhandlers: out/handlers\n');
    git(repo, 'commit', '-q', '-a', '-m', 'specs moved');
    const run = await runCli(['check', '--against', 'base'], repo);
    expect(run.stderr).toMatch(/^checked 4 domains against base: no problems/);
    expect(run.code).toBe(0);
  });
});
