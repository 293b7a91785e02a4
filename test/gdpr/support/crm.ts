/**
 * A hand-written aggregate in the shape the generator emits, covering every kind of pii the GDPR
 * layer handles: pii values belonging to the aggregate's subject carried by the event
 * (`field: customerId`), a state-field subject the event does not carry (`state: customerId`, on
 * NoteAdded — only the command executor knows it), a second person (`agentEmail`, subject
 * `agentId`), pii inside a value object in an array (`contacts.[].email`), a whole array as one pii
 * value (`notes`), declared erased values and erasure by removal, and snapshots every 2 events.
 */
import { z } from 'zod';
import type { AggregateDefinition, Command, DecideContext, DomainEvent, PiiPath } from '../../../runtime/aggregate/definition.js';
import { createDomainRuntime, type DomainOptions, type DomainRuntime } from '../../../runtime/domain/domain.js';
import { DomainError } from '../../../runtime/errors/errors.js';

export const FORGOTTEN_NAME = '(forgotten)';
export const REMOVED_NOTE = '[removed]';

const ContactSchema = z.object({ label: z.string(), email: z.email().optional() });
export type Contact = z.infer<typeof ContactSchema>;

export interface CaseState {
  readonly customerId?: string;
  readonly customerName: string;
  readonly contacts: readonly Contact[];
  readonly notes: readonly string[];
  readonly agentId?: string;
  readonly agentEmail?: string;
  readonly status: 'new' | 'open' | 'closed';
}

export const initialCaseState: CaseState = { customerName: '', contacts: [], notes: [], status: 'new' };

const OpenCaseSchema = z.strictObject({
  caseId: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string().min(1),
  contacts: z.array(z.object({ label: z.string(), email: z.email() })),
});
const AddNoteSchema = z.strictObject({ caseId: z.uuid(), note: z.string().min(1) });
const AssignAgentSchema = z.strictObject({ caseId: z.uuid(), agentId: z.uuid(), agentEmail: z.email() });
const CloseCaseSchema = z.strictObject({ caseId: z.uuid() });

export type CaseCommand =
  | Command<'OpenCase', z.infer<typeof OpenCaseSchema>>
  | Command<'AddNote', z.infer<typeof AddNoteSchema>>
  | Command<'AssignAgent', z.infer<typeof AssignAgentSchema>>
  | Command<'CloseCase', z.infer<typeof CloseCaseSchema>>;

const CaseOpenedSchema = z.object({ customerId: z.uuid(), customerName: z.string(), contacts: z.array(ContactSchema) });
const NoteAddedSchema = z.object({ note: z.string() });
const AgentAssignedSchema = z.object({ agentId: z.uuid(), agentEmail: z.email().optional() });
const CaseClosedSchema = z.object({});

export type CaseEvent =
  | DomainEvent<'CaseOpened', z.infer<typeof CaseOpenedSchema>>
  | DomainEvent<'NoteAdded', z.infer<typeof NoteAddedSchema>>
  | DomainEvent<'AgentAssigned', z.infer<typeof AgentAssignedSchema>>
  | DomainEvent<'CaseClosed', z.infer<typeof CaseClosedSchema>>;

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { ...state, customerId: event.data.customerId, customerName: event.data.customerName, contacts: event.data.contacts, status: 'open' };
    case 'NoteAdded':
      return { ...state, notes: [...state.notes, event.data.note] };
    case 'AgentAssigned': {
      const { agentEmail } = event.data;
      return { ...state, agentId: event.data.agentId, ...(agentEmail === undefined ? {} : { agentEmail }) };
    }
    case 'CaseClosed':
      return { ...state, status: 'closed' };
  }
}

export function decideCase(state: CaseState, command: CaseCommand, _context: DecideContext): readonly CaseEvent[] {
  switch (command.type) {
    case 'OpenCase': {
      const { customerId, customerName, contacts } = command.data;
      return [{ type: 'CaseOpened', data: { customerId, customerName, contacts } }];
    }
    case 'AddNote':
      if (state.status !== 'open') throw new DomainError('NotOpen', 'Only an open case takes notes', 'AddNote');
      return [{ type: 'NoteAdded', data: { note: command.data.note } }];
    case 'AssignAgent':
      return [{ type: 'AgentAssigned', data: { agentId: command.data.agentId, agentEmail: command.data.agentEmail } }];
    case 'CloseCase':
      return [{ type: 'CaseClosed', data: {} }];
  }
}

const customerField = { kind: 'field', name: 'customerId' } as const;
const customerState = { kind: 'state', name: 'customerId' } as const;
const openCasePii: readonly PiiPath[] = [
  { path: ['customerName'], subject: customerField, erased: FORGOTTEN_NAME },
  { path: ['contacts', '[]', 'email'], subject: customerField, erased: undefined },
];

export const caseDefinition: AggregateDefinition<CaseState, CaseCommand, CaseEvent> = {
  domain: 'crm',
  name: 'Case',
  category: 'crm/Case',
  idField: 'caseId',
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
  commands: {
    OpenCase: { type: 'OpenCase', schema: OpenCaseSchema, creates: true, pii: openCasePii },
    AddNote: { type: 'AddNote', schema: AddNoteSchema, creates: false, pii: [{ path: ['note'], subject: customerState, erased: undefined }] },
    AssignAgent: {
      type: 'AssignAgent',
      schema: AssignAgentSchema,
      creates: false,
      pii: [{ path: ['agentEmail'], subject: { kind: 'field', name: 'agentId' }, erased: undefined }],
    },
    CloseCase: { type: 'CloseCase', schema: CloseCaseSchema, creates: false, pii: [] },
  },
  events: {
    CaseOpened: { type: 'CaseOpened', schemaVersion: 1, schema: CaseOpenedSchema, upcasters: {}, pii: { 1: openCasePii } },
    NoteAdded: {
      type: 'NoteAdded',
      schemaVersion: 1,
      schema: NoteAddedSchema,
      upcasters: {},
      pii: { 1: [{ path: ['note'], subject: customerState, erased: REMOVED_NOTE }] },
    },
    AgentAssigned: {
      type: 'AgentAssigned',
      schemaVersion: 1,
      schema: AgentAssignedSchema,
      upcasters: {},
      pii: { 1: [{ path: ['agentEmail'], subject: { kind: 'field', name: 'agentId' }, erased: undefined }] },
    },
    CaseClosed: { type: 'CaseClosed', schemaVersion: 1, schema: CaseClosedSchema, upcasters: {}, pii: { 1: [] } },
  },
  snapshot: { every: 2 },
  stateSchemaHash: 'crm-case-v1',
  subject: { kind: 'state', name: 'customerId' },
  statePii: [
    { path: ['customerName'], subject: customerState, erased: FORGOTTEN_NAME },
    { path: ['contacts', '[]', 'email'], subject: customerState, erased: undefined },
    { path: ['notes'], subject: customerState, erased: [] },
    { path: ['agentEmail'], subject: { kind: 'state', name: 'agentId' }, erased: undefined },
  ],
};

/** A second aggregate without personal data: its events pass the layer untouched. */
export interface TagState {
  readonly tags: readonly string[];
}
export type TagCommand = Command<'AddTag', { tagSetId: string; tag: string }>;
export type TagEvent = DomainEvent<'TagAdded', { tag: string }>;
export const tagSetDefinition: AggregateDefinition<TagState, TagCommand, TagEvent> = {
  domain: 'crm',
  name: 'TagSet',
  category: 'crm/TagSet',
  idField: 'tagSetId',
  initialState: { tags: [] },
  evolve: (state, event) => ({ tags: [...state.tags, event.data.tag] }),
  decide: (_state, command) => [{ type: 'TagAdded', data: { tag: command.data.tag } }],
  commands: { AddTag: { type: 'AddTag', schema: z.strictObject({ tagSetId: z.string().min(1), tag: z.string() }), creates: true, pii: [] } },
  events: { TagAdded: { type: 'TagAdded', schemaVersion: 1, schema: z.object({ tag: z.string() }), upcasters: {}, pii: { 1: [] } } },
  snapshot: undefined,
  stateSchemaHash: 'crm-tags-v1',
  subject: undefined,
  statePii: [],
};

export const crmAggregates = { Case: caseDefinition, TagSet: tagSetDefinition } as const;
export type Crm = DomainRuntime<typeof crmAggregates>;
export const createCrm = (options: DomainOptions): Crm => createDomainRuntime('crm', crmAggregates, options);
