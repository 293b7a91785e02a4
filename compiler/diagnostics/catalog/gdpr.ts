import { entry } from './entry.js';

/** ORX7xxx — personal data and subjects. Codes are stable: never renumber, only add. */
export const gdprDiagnostics = {
  ORX7001: entry<{ aggregate: string; where: string }>({
    title: 'Personal data without a subject',
    severity: 'error',
    message: (p) => `aggregate '${p.aggregate}' holds personal data (${p.where}) but declares no \`subject\``,
    hint: () =>
      "pii is encrypted with a key per data subject. Set `subject:` to the state field holding the person's id (uuid or string), or to `id` when the aggregate is the person.",
    example: {
      spec: `domain: crm
aggregates:
  Customer:
    state:
      email: { type: email, optional: true, pii: true }
`,
      fix: 'Add `subject: id` to the aggregate (the customer is the person).',
    },
  }),
  ORX7002: entry<{ name: string; aggregate: string; suggestion: string }>({
    title: 'Unknown subject',
    severity: 'error',
    message: (p) =>
      `subject '${p.name}' of aggregate '${p.aggregate}' is neither a state field nor \`id\`.${p.suggestion}`,
    hint: () =>
      "The subject names a state field (uuid or string) holding the person's id, or `id` for the aggregate itself.",
    example: {
      spec: `domain: banking
aggregates:
  Account:
    subject: ownerID
    state:
      ownerId: uuid?
      ownerName: { type: string, optional: true, pii: true }
`,
      fix: 'Fix the name: `subject: ownerId`.',
    },
  }),
  ORX7003: entry<{ name: string; type: string }>({
    title: 'Subject field has the wrong type',
    severity: 'error',
    message: (p) => `subject field '${p.name}' has type '${p.type}'; a subject id is a uuid or a string`,
    hint: () => "Point the subject at a field holding the person's id (uuid or string).",
    example: {
      spec: `domain: banking
aggregates:
  Account:
    subject: balance
    state:
      balance: { type: integer, default: 0 }
      ownerName: { type: string, optional: true, pii: true }
`,
      fix: 'Add an `ownerId: uuid?` state field and write `subject: ownerId`.',
    },
  }),
  ORX7004: entry<{ name: string; suggestion: string }>({
    title: 'Unknown pii subject',
    severity: 'error',
    message: (p) => `pii subject '${p.name}' is not a field of this record, a state field, or \`id\`.${p.suggestion}`,
    hint: () =>
      "A field's `pii.subject` names the field holding its data subject's id: a field of the same command or event, a state field, or `id`.",
    example: {
      spec: `domain: banking
aggregates:
  Account:
    subject: ownerId
    state:
      ownerId: uuid?
    commands:
      Transfer:
        fields:
          recipientId: uuid
          recipientName: { type: string, pii: { subject: recipientID } }
        emits: [MoneyTransferred]
    events:
      MoneyTransferred:
        fields:
          recipientId: uuid
          recipientName: { type: string, pii: { subject: recipientId } }
`,
      fix: 'Fix the name: `subject: recipientId`.',
    },
  }),
  ORX7005: entry<{ field: string }>({
    title: 'Subject inside a value type',
    severity: 'error',
    message: (p) =>
      `field '${p.field}' of a value type names a pii subject; value types take the subject of the record that holds them`,
    hint: () =>
      "A value type is shared by many records, so its pii belongs to the holding record's subject. Mark the holding field itself `pii: { subject: ... }` to encrypt the whole value for another person.",
    example: {
      spec: `domain: crm
types:
  Contact:
    fields:
      personId: uuid
      email: { type: email, pii: { subject: personId } }
aggregates:
  Company:
    subject: id
    state:
      contacts: Contact[]
`,
      fix: 'Write `email: { type: email, pii: true }`.',
    },
  }),
  ORX7006: entry<{ field: string; type: string; reason: string }>({
    title: 'Erased value does not fit',
    severity: 'error',
    message: (p) => `erased value of field '${p.field}' does not fit its type ${p.type}: ${p.reason}`,
    hint: () =>
      'Readers get the `erased:` value once the subject is forgotten, so it must be a valid value of the field (type and constraints). Leave it out to remove the value instead.',
    example: {
      spec: `domain: crm
aggregates:
  Customer:
    subject: id
    state:
      email: { type: email, optional: true, pii: { erased: "" } }
`,
      fix: 'Leave out `erased` (the email is then removed), or use a valid address such as `erased: "erased@example.invalid"`.',
    },
  }),
  ORX7007: entry<{ name: string }>({
    title: 'Subject field is personal data',
    severity: 'error',
    message: (p) => `subject field '${p.name}' is itself marked pii`,
    hint: () =>
      'The subject id selects the encryption key, so it is stored in the clear. Remove `pii` from the subject field (a random uuid is not personal data by itself).',
    example: {
      spec: `domain: banking
aggregates:
  Account:
    subject: ownerId
    state:
      ownerId: { type: uuid, optional: true, pii: true }
      ownerName: { type: string, optional: true, pii: true }
`,
      fix: 'Write `ownerId: uuid?`.',
    },
  }),
} as const;
