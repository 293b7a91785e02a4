// The notifications example (domains/notifications.yaml) through its GENERATED code: Notification
// (retries, give-up after five failures, the conditional apply `event.giveUp ? abandoned : failed`)
// and Subscription with given/when/then, command validation, and the runtime end to end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregateAlreadyExistsError, AggregateNotFoundError, createInMemoryEventStore, DomainError, given, ValidationError, type EventStore } from 'orchestrix/runtime';
import {
  createNotifications,
  evolveNotification,
  initialNotificationState,
  initialSubscriptionState,
  notificationDefinition,
  subscriptionDefinition,
  type NotificationEvent,
  type NotificationState,
  type Notifications,
  type QueueNotification,
  type SubscriptionEvent,
} from '../../examples/generated/notifications/index.js';
import { backends, clock, NOW, readStream, rejectionOf, summarize, type Backend } from './support.js';

const notificationId = '4c3b2a19-0f8e-4d7c-8b6a-5f4e3d2c1b0a';
const recipientId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const subscriptionId = '9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b';

const queueCommand: QueueNotification = { notificationId, recipientId, channel: 'email', address: 'ada@example.org', body: 'Your statement is ready.' };
const queued: NotificationEvent = { type: 'NotificationQueued', data: { recipientId, channel: 'email', address: 'ada@example.org', body: 'Your statement is ready.' } };
const sent = (attempt: number): NotificationEvent => ({ type: 'NotificationSent', data: { attempt, sentAt: NOW } });
const failedDelivery = (attempt: number, giveUp = false): NotificationEvent => ({ type: 'DeliveryFailed', data: { error: `timeout ${attempt}`, attempt, giveUp } });
const delivered: NotificationEvent = { type: 'NotificationDelivered', data: { deliveredAt: NOW } };
/** After `queued`: the body is not kept in the state. */
const queuedState: NotificationState = { ...initialNotificationState, recipientId, channel: 'email', address: 'ada@example.org' };
const failures = (count: number): NotificationEvent[] => Array.from({ length: count }, (_, index) => failedDelivery(index + 1));

describe('notifications Notification: given/when/then', () => {
  it('QueueNotification emits NotificationQueued and copies recipientId, channel and address (not the body)', () => {
    expect(initialNotificationState).toStrictEqual({ status: 'queued', attempts: 0 });
    given(notificationDefinition).when({ type: 'QueueNotification', data: queueCommand }).then([queued]).thenState(queuedState);
    const error = given(notificationDefinition, [queued]).when({ type: 'QueueNotification', data: queueCommand }).thenError('AGGREGATE_ALREADY_EXISTS');
    expect(error).toBeInstanceOf(AggregateAlreadyExistsError);
  });

  it('RecordSent emits NotificationSent { attempt: attempts + 1, sentAt: now } from queued and from failed', () => {
    given(notificationDefinition, [queued], { now: NOW })
      .when({ type: 'RecordSent', data: { notificationId } })
      .then([sent(1)])
      .thenState({ ...queuedState, status: 'sent', attempts: 1 });
    given(notificationDefinition, [queued, ...failures(2)], { now: NOW })
      .when({ type: 'RecordSent', data: { notificationId } })
      .then([sent(3)])
      .thenState({ ...queuedState, status: 'sent', attempts: 3, lastError: 'timeout 2' });
  });

  it('RecordSent fails with NotPending once sent, delivered or abandoned', () => {
    for (const history of [[queued, sent(1)], [queued, sent(1), delivered], [queued, ...failures(4), failedDelivery(5, true)]]) {
      const error = given(notificationDefinition, history).when({ type: 'RecordSent', data: { notificationId } }).thenError('NotPending');
      expect(error).toBeInstanceOf(DomainError);
      expect(error.message).toBe('Only pending notifications can be sent');
    }
  });

  it('RecordFailure emits DeliveryFailed { error, attempt, giveUp: false } below five attempts and sets failed with lastError', () => {
    given(notificationDefinition, [queued])
      .when({ type: 'RecordFailure', data: { notificationId, error: 'timeout 1' } })
      .then([failedDelivery(1)])
      .thenState({ ...queuedState, status: 'failed', attempts: 1, lastError: 'timeout 1' });
    given(notificationDefinition, [queued, ...failures(3)])
      .when({ type: 'RecordFailure', data: { notificationId, error: 'timeout 4' } })
      .then([failedDelivery(4, false)])
      .thenState({ ...queuedState, status: 'failed', attempts: 4, lastError: 'timeout 4' });
  });

  it('the fifth failure gives up (attempts + 1 >= 5) and the notification is abandoned', () => {
    given(notificationDefinition, [queued, ...failures(4)])
      .when({ type: 'RecordFailure', data: { notificationId, error: 'timeout 5' } })
      .then([failedDelivery(5, true)])
      .thenState({ ...queuedState, status: 'abandoned', attempts: 5, lastError: 'timeout 5' });
  });

  it('RecordFailure fails with NotPending once sent, delivered or abandoned', () => {
    for (const history of [[queued, sent(1)], [queued, sent(1), delivered], [queued, ...failures(4), failedDelivery(5, true)]]) {
      const error = given(notificationDefinition, history).when({ type: 'RecordFailure', data: { notificationId, error: 'late' } }).thenError('NotPending');
      expect(error.message).toBe('Only pending notifications can fail');
    }
  });

  it('RecordDelivery emits NotificationDelivered { deliveredAt: now } after sent; fails with NotSent otherwise', () => {
    given(notificationDefinition, [queued, sent(1)], { now: NOW })
      .when({ type: 'RecordDelivery', data: { notificationId } })
      .then([delivered])
      .thenState({ ...queuedState, status: 'delivered', attempts: 1 });
    for (const history of [[queued], [queued, failedDelivery(1)], [queued, sent(1), delivered]]) {
      const error = given(notificationDefinition, history).when({ type: 'RecordDelivery', data: { notificationId } }).thenError('NotSent');
      expect(error.message).toBe('Only sent notifications can be delivered');
    }
  });

  it('every command but QueueNotification fails with AGGREGATE_NOT_FOUND on an unknown notification', () => {
    expect(given(notificationDefinition).when({ type: 'RecordSent', data: { notificationId } }).thenError('AGGREGATE_NOT_FOUND')).toBeInstanceOf(AggregateNotFoundError);
    given(notificationDefinition).when({ type: 'RecordFailure', data: { notificationId, error: 'x' } }).thenError('AGGREGATE_NOT_FOUND');
    given(notificationDefinition).when({ type: 'RecordDelivery', data: { notificationId } }).thenError('AGGREGATE_NOT_FOUND');
  });

  it('evolve applies the conditional status from the event, not from the attempt count', () => {
    const failing: NotificationState = { ...queuedState, status: 'failed', attempts: 1 };
    expect(evolveNotification(failing, { type: 'DeliveryFailed', data: { error: 'bounced', attempt: 2, giveUp: true } })).toStrictEqual({
      ...queuedState,
      status: 'abandoned',
      attempts: 2,
      lastError: 'bounced',
    });
    expect(evolveNotification(failing, { type: 'DeliveryFailed', data: { error: 'bounced', attempt: 9, giveUp: false } })).toStrictEqual({
      ...queuedState,
      status: 'failed',
      attempts: 9,
      lastError: 'bounced',
    });
  });
});

describe('notifications Subscription: given/when/then', () => {
  const subscribed: SubscriptionEvent = { type: 'Subscribed', data: { personId: recipientId, email: 'ada@example.org', topics: ['statements', 'security'] } };
  const unsubscribed: SubscriptionEvent = { type: 'Unsubscribed', data: {} };
  const subscribe = { subscriptionId, personId: recipientId, email: 'ada@example.org', topics: ['statements', 'security'] };

  it('Subscribe emits Subscribed with the mapped fields and activates the subscription', () => {
    expect(initialSubscriptionState).toStrictEqual({ topics: [], active: false });
    given(subscriptionDefinition)
      .when({ type: 'Subscribe', data: subscribe })
      .then([subscribed])
      .thenState({ personId: recipientId, email: 'ada@example.org', topics: ['statements', 'security'], active: true });
    given(subscriptionDefinition, [subscribed]).when({ type: 'Subscribe', data: subscribe }).thenError('AGGREGATE_ALREADY_EXISTS');
  });

  it('Unsubscribe emits Unsubscribed and deactivates; a second one fails with NotSubscribed', () => {
    given(subscriptionDefinition, [subscribed])
      .when({ type: 'Unsubscribe', data: { subscriptionId } })
      .then([unsubscribed])
      .thenState({ personId: recipientId, email: 'ada@example.org', topics: ['statements', 'security'], active: false });
    const error = given(subscriptionDefinition, [subscribed, unsubscribed]).when({ type: 'Unsubscribe', data: { subscriptionId } }).thenError('NotSubscribed');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe('The subscription is not active');
    given(subscriptionDefinition).when({ type: 'Unsubscribe', data: { subscriptionId } }).thenError('AGGREGATE_NOT_FOUND');
  });
});

describe('notifications command validation through execute', () => {
  let store: EventStore;
  let notifications: Notifications;
  beforeEach(() => {
    store = createInMemoryEventStore();
    notifications = createNotifications({ store, clock });
  });
  afterEach(() => store.close());

  async function issuesOf(run: () => Promise<unknown>): Promise<{ path: readonly (string | number)[]; code: string }[]> {
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map(({ path, code }) => ({ path, code }));
  }

  it('checks channel, address length, body length and error length', async () => {
    const queue = (data: QueueNotification) => () => notifications.execute('QueueNotification', data);
    expect(await issuesOf(queue({ ...queueCommand, channel: 'fax' as QueueNotification['channel'] }))).toEqual([{ path: ['channel'], code: 'invalid_value' }]);
    expect(await issuesOf(queue({ ...queueCommand, address: 'ab' }))).toEqual([{ path: ['address'], code: 'too_small' }]);
    expect(await issuesOf(queue({ ...queueCommand, body: 'x'.repeat(2001) }))).toEqual([{ path: ['body'], code: 'too_big' }]);
    await notifications.execute('QueueNotification', { ...queueCommand, body: 'x'.repeat(2000) });
    expect(await issuesOf(() => notifications.execute('RecordFailure', { notificationId, error: 'e'.repeat(501) }))).toEqual([{ path: ['error'], code: 'too_big' }]);
    expect(await store.streamVersion(`notifications/Notification/${notificationId}`)).toBe(1);
  });

  it('checks the subscription email and at least one topic', async () => {
    expect(await issuesOf(() => notifications.execute('Subscribe', { subscriptionId, personId: recipientId, email: 'ada.example.org', topics: [] }))).toEqual([
      { path: ['email'], code: 'invalid_format' },
      { path: ['topics'], code: 'too_small' },
    ]);
    const withExtra = { subscriptionId, reason: 'spam' };
    expect(await issuesOf(() => notifications.execute('Unsubscribe', withExtra))).toEqual([{ path: [], code: 'unrecognized_keys' }]);
  });
});

describe.each(backends)('notifications end to end on $name stores', (kind) => {
  let backend: Backend;
  beforeEach(async () => {
    backend = await kind.start();
  });
  afterEach(() => backend.dispose());

  it('retries a notification until it is delivered, and abandons another after five failures', async () => {
    const notifications = createNotifications({ store: backend.store, snapshots: backend.snapshots, clock });
    await notifications.execute('QueueNotification', queueCommand);
    await notifications.execute('RecordFailure', { notificationId, error: 'mailbox full' });
    await notifications.execute('RecordSent', { notificationId });
    await expect(notifications.execute('RecordFailure', { notificationId, error: 'late bounce' })).rejects.toMatchObject({ code: 'NotPending' });
    const delivery = await notifications.execute('RecordDelivery', { notificationId });
    expect(delivery.events[0]?.data).toStrictEqual({ deliveredAt: NOW });

    const otherId = '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';
    await notifications.execute('QueueNotification', { ...queueCommand, notificationId: otherId, channel: 'sms', address: '+44 7700 900000' });
    const giveUps: boolean[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await notifications.execute('RecordFailure', { notificationId: otherId, error: `carrier error ${attempt}` });
      const event = result.events[0];
      if (event?.type === 'DeliveryFailed') giveUps.push(event.data.giveUp);
    }
    expect(giveUps).toEqual([false, false, false, false, true]);
    await expect(notifications.execute('RecordSent', { notificationId: otherId })).rejects.toMatchObject({ code: 'NotPending' });

    await notifications.execute('Subscribe', { subscriptionId, personId: recipientId, email: 'ada@example.org', topics: ['statements'] });
    await notifications.execute('Unsubscribe', { subscriptionId });

    const stores = await backend.reopen();
    const reopened = createNotifications({ ...stores, clock });
    expect(await reopened.load('Notification', notificationId)).toMatchObject({
      version: 4,
      state: { ...queuedState, status: 'delivered', attempts: 2, lastError: 'mailbox full' },
    });
    expect((await reopened.load('Notification', otherId)).state).toStrictEqual({
      recipientId,
      channel: 'sms',
      address: '+44 7700 900000',
      status: 'abandoned',
      attempts: 5,
      lastError: 'carrier error 5',
    });
    expect((await reopened.load('Subscription', subscriptionId)).state).toMatchObject({ personId: recipientId, topics: ['statements'], active: false });

    const stored = await readStream(stores.store, `notifications/Notification/${notificationId}`);
    expect(summarize(stored)).toStrictEqual([
      { type: 'NotificationQueued', version: 1, schemaVersion: 1 },
      { type: 'DeliveryFailed', version: 2, schemaVersion: 1 },
      { type: 'NotificationSent', version: 3, schemaVersion: 1 },
      { type: 'NotificationDelivered', version: 4, schemaVersion: 1 },
    ]);
    expect(stored.slice(1).map((event) => event.data)).toStrictEqual([
      { error: 'mailbox full', attempt: 1, giveUp: false },
      { attempt: 2, sentAt: NOW },
      { deliveredAt: NOW },
    ]);
    const unsubscribed = await readStream(stores.store, `notifications/Subscription/${subscriptionId}`);
    expect(unsubscribed.map(({ type, version }) => ({ type, version }))).toStrictEqual([
      { type: 'Subscribed', version: 1 },
      { type: 'Unsubscribed', version: 2 },
    ]);
    expect(unsubscribed[1]?.data).toStrictEqual({});
  });
});
