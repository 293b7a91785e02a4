import { afterEach } from 'vitest';
import { createEventSourcingDbEventStore } from '../../runtime/store/eventsourcingdb/index.js';
import { startEventSourcingDbTestServer, type EventSourcingDbTestServer } from '../support/eventsourcingdb/index.js';
import { describeEventStoreContract } from './event-store.contract.js';

const servers: EventSourcingDbTestServer[] = [];
let current: EventSourcingDbTestServer | undefined;

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

const storeOn = (server: EventSourcingDbTestServer) =>
  createEventSourcingDbEventStore({ url: server.url, apiToken: server.apiToken, reconnect: { initialDelayMs: 10, maxDelayMs: 200 } });

describeEventStoreContract('EventSourcingDB (HTTP API v1, test server), two clients', {
  open: async () => {
    current = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 200 });
    servers.push(current);
    return storeOn(current);
  },
  openSecond: async () => {
    if (current === undefined) throw new Error('open() first');
    return storeOn(current);
  },
});
